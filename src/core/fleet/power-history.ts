/** One minute of fleet power: [minute start ms, mean W]. */
export type PowerPoint = [number, number];

const MINUTE_MS = 60_000;

/**
 * Fleet power per minute in memory: samples taken during a minute are averaged into that minute's point;
 * completed minutes are kept up to `capacity` (oldest dropped first).
 */
export class PowerHistory {
  private readonly points: PowerPoint[] = [];
  private current: { minute: number; sum: number; count: number } | undefined;

  constructor(private readonly capacity: number) {}

  /** Adds a sample; returns the minute it completed, if this sample started a new one. */
  add(atMs: number, powerW: number): PowerPoint | undefined {
    const minute = Math.floor(atMs / MINUTE_MS) * MINUTE_MS;
    let completed: PowerPoint | undefined;
    if (this.current && this.current.minute !== minute) {
      completed = [this.current.minute, this.current.sum / this.current.count];
      this.push(completed);
      this.current = undefined;
    }
    if (!this.current) this.current = { minute, sum: 0, count: 0 };
    this.current.sum += powerW;
    this.current.count++;
    return completed;
  }

  /** Loads completed minutes (e.g. from the database at start), oldest first. */
  load(points: readonly PowerPoint[]): void {
    for (const p of points) this.push(p);
  }

  /** Points from `sinceMs` on, with the running minute last. */
  since(sinceMs: number): PowerPoint[] {
    let lo = 0;
    let hi = this.points.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.points[mid]![0] < sinceMs) lo = mid + 1;
      else hi = mid;
    }
    const out = this.points.slice(lo);
    if (this.current && this.current.minute >= sinceMs) out.push([this.current.minute, this.current.sum / this.current.count]);
    return out;
  }

  private push(point: PowerPoint): void {
    const last = this.points[this.points.length - 1];
    if (last && last[0] >= point[0]) {
      if (last[0] === point[0]) last[1] = point[1];
      return;
    }
    this.points.push(point);
    if (this.points.length > this.capacity) this.points.splice(0, this.points.length - this.capacity);
  }
}
