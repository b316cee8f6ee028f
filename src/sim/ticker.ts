/** Anything that wants to be woken on the shared tick. */
export interface Tickable {
  tick(realNowMs: number): void;
}

/**
 * One timer for every simulated station in the process. Thousands of stations with a few timers
 * each would cost more memory and wake-ups than one interval that walks them all; each station then
 * compares its own deadlines (heartbeat, meter sample, arrival, back-off, call timeout).
 */
export class SharedTicker {
  private readonly members = new Set<Tickable>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly periodMs = 50,
    private readonly now: () => number = Date.now,
  ) {}

  /** Adds a member; the timer starts with the first one. */
  add(member: Tickable): void {
    this.members.add(member);
    if (!this.timer) {
      this.timer = setInterval(() => this.run(), this.periodMs);
      // Open sockets keep the process alive; a forgotten ticker must not.
      this.timer.unref();
    }
  }

  /** Removes a member; the timer stops with the last one. */
  remove(member: Tickable): void {
    this.members.delete(member);
    if (this.members.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  get size(): number {
    return this.members.size;
  }

  private run(): void {
    const now = this.now();
    for (const member of this.members) member.tick(now);
  }
}

/** The ticker stations use unless given another. */
export const sharedTicker = new SharedTicker();
