import type { Clock } from '../shared/clock.js';

/** How many failed logins a key may have in a window before it is locked out, and for how long. */
export interface LoginLimits {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

interface Entry {
  /** Times of the latest failures, oldest first; at most maxFailures of them. */
  failures: number[];
  lockedUntil: number;
}

/**
 * Counts failed logins per key (a remote address, a station identity) in a sliding window; the failure
 * that reaches the limit locks the key for a cool-down during which it is refused without a check.
 * Memory is bounded: beyond `maxKeys` the least recently failed keys are forgotten.
 */
export class LoginLimiter {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: Clock, private readonly limits: LoginLimits, private readonly maxKeys = 100_000) {}

  /** Milliseconds the key is still locked out; 0 when it may try. */
  lockedFor(key: string): number {
    const entry = this.entries.get(key);
    if (!entry) return 0;
    const now = this.clock.nowMs();
    if (entry.lockedUntil > now) return entry.lockedUntil - now;
    if (entry.failures.at(-1)! <= now - this.limits.windowMs) this.entries.delete(key);
    return 0;
  }

  /** Records a failure; true when it locked the key. */
  fail(key: string): boolean {
    const now = this.clock.nowMs();
    const entry = this.entries.get(key) ?? { failures: [], lockedUntil: 0 };
    // Re-inserting keeps the map in order of last failure, so eviction drops the stalest key.
    this.entries.delete(key);
    this.entries.set(key, entry);
    entry.failures = entry.failures.filter((t) => t > now - this.limits.windowMs);
    entry.failures.push(now);
    if (entry.failures.length > this.limits.maxFailures) entry.failures.shift();
    let locked = false;
    if (entry.failures.length >= this.limits.maxFailures && entry.lockedUntil <= now) {
      entry.lockedUntil = now + this.limits.lockMs;
      entry.failures = [];
      locked = true;
    }
    if (this.entries.size > this.maxKeys) this.entries.delete(this.entries.keys().next().value!);
    return locked;
  }

  /** Forgets the key's failures (after a successful login). */
  clear(key: string): void {
    this.entries.delete(key);
  }
}

/** Limits for station logins: per remote address (stations behind one NAT share it) and per identity. */
export interface StationLoginLimits {
  perAddress: LoginLimits;
  perIdentity: LoginLimits;
}

/** Defaults: 20 failures from one address or 5 for one identity within 5 minutes lock it out for 5 minutes. */
export const DEFAULT_LOGIN_LIMITS: StationLoginLimits = {
  perAddress: { maxFailures: 20, windowMs: 300_000, lockMs: 300_000 },
  perIdentity: { maxFailures: 5, windowMs: 300_000, lockMs: 300_000 },
};

/** The two limiters station admission consults before it checks any credential. */
export class StationLoginGuard {
  private readonly byAddress: LoginLimiter;
  private readonly byIdentity: LoginLimiter;

  constructor(clock: Clock, limits: StationLoginLimits = DEFAULT_LOGIN_LIMITS) {
    this.byAddress = new LoginLimiter(clock, limits.perAddress);
    this.byIdentity = new LoginLimiter(clock, limits.perIdentity);
  }

  /** Seconds until the address or identity may try again; 0 when neither is locked. */
  retryAfterS(address: string, stationId: string): number {
    return Math.ceil(Math.max(this.byAddress.lockedFor(address), this.byIdentity.lockedFor(stationId)) / 1000);
  }

  /** Counts a failure for both; names what it locked. */
  failed(address: string, stationId: string): Array<'address' | 'identity'> {
    const locked: Array<'address' | 'identity'> = [];
    if (this.byAddress.fail(address)) locked.push('address');
    if (this.byIdentity.fail(stationId)) locked.push('identity');
    return locked;
  }

  /** A station got in: its identity starts afresh. The address keeps its count, so one good station cannot launder another's guesses. */
  succeeded(stationId: string): void {
    this.byIdentity.clear(stationId);
  }
}
