import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../core/shared/clock.js';
import { PingRounds, type Pingable } from './ping-rounds.js';

/** A socket that records when it was checked (fake timer time). */
function socket(name: string, log: Array<[string, number]>): Pingable & { name: string } {
  return { name, checkAlive: (now) => void log.push([name, now]), checkPong: () => undefined };
}

describe('ping rounds', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('checks every socket once per interval, a slice at a time, each at a fixed phase', () => {
    vi.useFakeTimers();
    const clock = { nowMs: () => Date.now(), now: () => new Date() } satisfies Pick<FakeClock, 'nowMs' | 'now'>;
    const log: Array<[string, number]> = [];
    const rounds = new PingRounds<Pingable & { name: string }>(1_000, clock, 4);
    const sockets = Array.from({ length: 8 }, (_, i) => socket(`s${i}`, log));
    for (const s of sockets) rounds.add(s);
    rounds.start();
    const t0 = Date.now();
    vi.advanceTimersByTime(250);
    // One slice per tick: 8 sockets over 4 slots, two per tick.
    expect(log.map(([n]) => n)).toEqual(['s0', 's4']);
    vi.advanceTimersByTime(750);
    expect(log).toHaveLength(8);
    vi.advanceTimersByTime(1_000);
    expect(log).toHaveLength(16);
    for (const s of sockets) {
      const times = log.filter(([n]) => n === s.name).map(([, t]) => t - t0);
      expect(times[1]! - times[0]!).toBe(1_000);
    }
    rounds.remove(sockets[0]!);
    log.length = 0;
    vi.advanceTimersByTime(1_000);
    expect(log.map(([n]) => n).sort()).toEqual(['s1', 's2', 's3', 's4', 's5', 's6', 's7']);
    rounds.stop();
  });

  it('passes 1.5 intervals as the silence that ends a connection', () => {
    vi.useFakeTimers();
    const silences: number[] = [];
    const rounds = new PingRounds<Pingable>(30_000, new FakeClock(), 20);
    rounds.add({ checkAlive: (_now, silentMs) => void silences.push(silentMs), checkPong: () => undefined });
    rounds.start();
    vi.advanceTimersByTime(30_000);
    expect(silences).toEqual([45_000]);
    rounds.stop();
  });

  it('looks for the pong of each ping half an interval after it', () => {
    vi.useFakeTimers();
    const clock = { nowMs: () => Date.now(), now: () => new Date() } satisfies Pick<FakeClock, 'nowMs' | 'now'>;
    const pings: number[] = [];
    const pongChecks: Array<[number, number]> = [];
    const rounds = new PingRounds<Pingable>(10_000, clock, 20);
    rounds.add({ checkAlive: (now) => void pings.push(now), checkPong: (now, deadlineMs) => void pongChecks.push([now, deadlineMs]) });
    const t0 = Date.now();
    rounds.start();
    vi.advanceTimersByTime(20_000);
    expect(pings.map((t) => t - t0)).toEqual([500, 10_500]);
    expect(pongChecks.map(([t]) => t - t0)).toEqual([5_500, 15_500]);
    expect(pongChecks[0]![1]).toBe(4_000);
    rounds.stop();
  });
});
