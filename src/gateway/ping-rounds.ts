import type { Clock } from '../core/shared/clock.js';

/** What a liveness round does with one socket (StationSocket.checkAlive, checkPong). */
export interface Pingable {
  checkAlive(nowMs: number, silentMs: number): void;
  checkPong(nowMs: number, deadlineMs: number): void;
}

/**
 * Spreads the liveness checks of every socket over the ping interval: each socket sits in one of `slices`
 * fixed slots and its slot is checked once per interval, so each socket is still pinged exactly one
 * interval apart, but 10,000 sockets are never pinged in one event-loop turn (that turn alone took a few
 * hundred milliseconds, and every station's answer waited behind it).
 */
export class PingRounds<T extends Pingable> {
  private readonly slots: Set<T>[];
  private readonly slotOf = new Map<T, number>();
  private nextSlot = 0;
  private tick = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly intervalMs: number, private readonly clock: Clock, slices = 20) {
    this.slots = Array.from({ length: Math.max(1, Math.floor(slices)) }, () => new Set<T>());
  }

  add(socket: T): void {
    if (this.slotOf.has(socket)) return;
    const slot = this.nextSlot;
    this.nextSlot = (this.nextSlot + 1) % this.slots.length;
    this.slots[slot]!.add(socket);
    this.slotOf.set(socket, slot);
  }

  remove(socket: T): void {
    const slot = this.slotOf.get(socket);
    if (slot === undefined) return;
    this.slots[slot]!.delete(socket);
    this.slotOf.delete(socket);
  }

  start(): void {
    if (this.timer) return;
    // Each slot is pinged once per interval, and half an interval later its sockets must have answered:
    // a station that goes silent is dropped between half an interval and one and a half intervals later
    // (DESIGN: offline within 2 × the ping interval). The silence check at ping time (more than 1.5
    // intervals) still catches a socket whose pong deadline was missed by a stalled timer.
    const n = this.slots.length;
    const half = Math.floor(n / 2);
    const silentMs = 1.5 * this.intervalMs;
    // At least most of the half interval since the ping (timers drift a little either way).
    const deadlineMs = 0.8 * (half / n) * this.intervalMs;
    this.timer = setInterval(() => {
      const now = this.clock.nowMs();
      const slot = this.slots[this.tick % n]!;
      for (const socket of [...slot]) socket.checkAlive(now, silentMs);
      if (half > 0) for (const socket of [...this.slots[(this.tick + n - half) % n]!]) socket.checkPong(now, deadlineMs);
      this.tick++;
    }, this.intervalMs / n);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
