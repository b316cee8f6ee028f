import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.js';

describe('reconnect back-off', () => {
  it('grows exponentially from about a second to a minute, with jitter', () => {
    expect(backoffDelayMs(0, () => 0)).toBe(500);
    expect(backoffDelayMs(0, () => 1)).toBe(1_000);
    expect(backoffDelayMs(3, () => 1)).toBe(8_000);
    expect(backoffDelayMs(20, () => 1)).toBe(60_000);
    expect(backoffDelayMs(20, () => 0.5)).toBeLessThan(60_000);
  });
});
