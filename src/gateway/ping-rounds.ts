import type { Clock } from '../core/shared/clock.js';

/** What a liveness round does with one socket (StationSocket.checkAlive). */
export interface Pingable {
  checkAlive(nowMs: number, silentMs: number): void;
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
    // A live station answers every ping, so at a check it has been silent at most one interval plus its
    // round trip. More than 1.5 intervals means it missed the last ping: a station that went silent is
    // dropped between one and two intervals later (DESIGN: offline within 2 × the ping interval).
    const silentMs = 1.5 * this.intervalMs;
    this.timer = setInterval(() => {
      const slot = this.slots[this.tick % this.slots.length]!;
      this.tick++;
      const now = this.clock.nowMs();
      for (const socket of [...slot]) socket.checkAlive(now, silentMs);
    }, this.intervalMs / this.slots.length);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
