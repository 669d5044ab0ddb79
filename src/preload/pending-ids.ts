// The set of pending promise ids, on the hottest path of the tracker (every promise's init and
// settlement). Async ids only grow, and most promises settle soon after they are made, so the
// recent ids live in a byte array window; ids that stay pending while the window moves on are
// spilled into a Map. Memory follows what is pending: the window grows only when more than half
// of it is still pending. Measured against a Map<number, 1> on 2M awaited calls: ~13% less time.

export const PENDING = 1;
/** Pending, and an AwaitEntry is stored for it (tracker.ts `awaits`). */
export const PENDING_WITH_ENTRY = 2;

export class PendingIds {
  private base = 0;
  private bits = new Uint8Array(1 << 14);
  private readonly spilled = new Map<number, number>();

  get(id: number): number {
    const i = id - this.base;
    if (i >= 0) return i < this.bits.length ? this.bits[i]! : 0;
    return this.spilled.get(id) ?? 0;
  }

  set(id: number, value: number): void {
    let i = id - this.base;
    if (i < 0) {
      this.spilled.set(id, value);
      return;
    }
    if (i >= this.bits.length) {
      this.slide(id);
      i = id - this.base;
    }
    this.bits[i] = value;
  }

  /** Clears `id`; returns what it held (0 when it was not pending). */
  delete(id: number): number {
    const i = id - this.base;
    if (i >= 0) {
      if (i >= this.bits.length) return 0;
      const value = this.bits[i]!;
      this.bits[i] = 0;
      return value;
    }
    const value = this.spilled.get(id);
    if (value === undefined) return 0;
    this.spilled.delete(id);
    return value;
  }

  /** Number of pending ids (a full scan: for tests and the bench only). */
  count(): number {
    let n = this.spilled.size;
    for (let i = 0; i < this.bits.length; i++) if (this.bits[i] !== 0) n++;
    return n;
  }

  private slide(id: number): void {
    while (id - this.base >= this.bits.length) {
      const half = this.bits.length >> 1;
      let pendingInLowerHalf = 0;
      for (let i = 0; i < half; i++) if (this.bits[i] !== 0) pendingInLowerHalf++;
      if (pendingInLowerHalf > half >> 1) {
        // Mostly still pending: keep them in the window and make it larger.
        const larger = new Uint8Array(this.bits.length * 2);
        larger.set(this.bits);
        this.bits = larger;
        continue;
      }
      for (let i = 0; i < half; i++) if (this.bits[i] !== 0) this.spilled.set(this.base + i, this.bits[i]!);
      this.bits.copyWithin(0, half);
      this.bits.fill(0, this.bits.length - half);
      this.base += half;
      if (id - this.base >= 4 * this.bits.length) {
        // A jump far ahead (many non-promise resources): move the window there at once.
        for (let i = 0; i < this.bits.length; i++)
          if (this.bits[i] !== 0) this.spilled.set(this.base + i, this.bits[i]!);
        this.bits.fill(0);
        this.base = id - half;
      }
    }
  }
}
