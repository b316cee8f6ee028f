import { describe, expect, it } from 'vitest';
import { FakeClock } from '../shared/clock.js';
import { LoginLimiter, StationLoginGuard } from './login-limiter.js';

const limits = { maxFailures: 3, windowMs: 60_000, lockMs: 120_000 };

describe('LoginLimiter', () => {
  it('locks a key on the failure that reaches the limit, for the cool-down only', () => {
    const clock = new FakeClock();
    const limiter = new LoginLimiter(clock, limits);
    expect(limiter.fail('a')).toBe(false);
    expect(limiter.fail('a')).toBe(false);
    expect(limiter.lockedFor('a')).toBe(0);
    expect(limiter.fail('a')).toBe(true);
    expect(limiter.lockedFor('a')).toBe(120_000);
    expect(limiter.lockedFor('b')).toBe(0);
    clock.advance(119_999);
    expect(limiter.lockedFor('a')).toBe(1);
    clock.advance(1);
    expect(limiter.lockedFor('a')).toBe(0);
    // After the lockout the count starts afresh.
    expect(limiter.fail('a')).toBe(false);
  });

  it('counts only the failures inside the window', () => {
    const clock = new FakeClock();
    const limiter = new LoginLimiter(clock, limits);
    limiter.fail('a');
    limiter.fail('a');
    clock.advance(60_000);
    expect(limiter.fail('a')).toBe(false);
    expect(limiter.fail('a')).toBe(false);
    expect(limiter.fail('a')).toBe(true);
  });

  it('forgets a key on clear, and the stalest keys beyond its capacity', () => {
    const clock = new FakeClock();
    const limiter = new LoginLimiter(clock, { ...limits, maxFailures: 2 }, 2);
    limiter.fail('a');
    limiter.clear('a');
    expect(limiter.fail('a')).toBe(false);
    limiter.fail('b');
    limiter.fail('c');
    // 'a' was the stalest of three keys in a limiter holding two: its failure is gone.
    expect(limiter.fail('a')).toBe(false);
    expect(limiter.fail('c')).toBe(true);
  });
});

describe('StationLoginGuard', () => {
  it('locks the address and the identity separately, and a success clears only the identity', () => {
    const clock = new FakeClock();
    const guard = new StationLoginGuard(clock, { perAddress: { ...limits, maxFailures: 4 }, perIdentity: { ...limits, maxFailures: 2 } });
    expect(guard.failed('10.0.0.1', 'CP-1')).toEqual([]);
    expect(guard.failed('10.0.0.1', 'CP-1')).toEqual(['identity']);
    expect(guard.retryAfterS('10.0.0.9', 'CP-1')).toBe(120);
    expect(guard.retryAfterS('10.0.0.1', 'CP-2')).toBe(0);
    guard.failed('10.0.0.1', 'CP-2');
    guard.succeeded('CP-2');
    expect(guard.failed('10.0.0.1', 'CP-3')).toEqual(['address']);
    expect(guard.retryAfterS('10.0.0.1', 'CP-4')).toBe(120);
    clock.advance(60_500);
    expect(guard.retryAfterS('10.0.0.1', 'CP-4')).toBe(60);
  });
});
