/** The only source of "now" for core code, so that time-based rules are testable with a fake clock. */
export interface Clock {
  now(): Date;
  /** Milliseconds since the epoch; cheaper than `now()` on hot paths. */
  nowMs(): number;
}

/** The real wall clock. */
export const systemClock: Clock = {
  now: () => new Date(),
  nowMs: () => Date.now(),
};

/** A clock that only moves when told to; for tests of rules that depend on time. */
export class FakeClock implements Clock {
  private ms: number;
  constructor(start: Date | string | number = '2026-01-01T00:00:00Z') {
    this.ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.ms);
  }
  nowMs(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  set(at: Date | string | number): void {
    this.ms = new Date(at).getTime();
  }
}
