/**
 * Reconnect delay for the given attempt (0-based): exponential from min to max with "full jitter",
 * so that a fleet cut off at once does not come back in lockstep.
 */
export function backoffDelayMs(attempt: number, random: () => number, minMs = 1_000, maxMs = 60_000): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return Math.round(minMs / 2 + random() * (ceiling - minMs / 2));
}
