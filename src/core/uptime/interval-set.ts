/** A union of half-open time intervals [from, to) in ms, merged and sorted, answering "does it hold t?" in O(log n). */
export class IntervalSet {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(intervals: Iterable<readonly [number, number]>) {
    const sorted = [...intervals].filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
    for (const [a, b] of sorted) {
      const last = this.ends.length - 1;
      if (last >= 0 && a <= this.ends[last]!) this.ends[last] = Math.max(this.ends[last]!, b);
      else {
        this.starts.push(a);
        this.ends.push(b);
      }
    }
  }

  /** True when `t` lies in one of the intervals. */
  contains(t: number): boolean {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= t) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && t < this.ends[hi]!;
  }

  /** Every interval edge, for cutting a timeline into pieces of constant membership. */
  edges(): number[] {
    return [...this.starts, ...this.ends];
  }
}
