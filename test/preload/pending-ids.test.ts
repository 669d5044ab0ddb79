// The pending-promise table (src/preload/pending-ids.ts) as a data structure: ids move through a
// sliding window and a spill map, and each pending id counts the awaits on it that had no stack.
import { describe, expect, it } from 'vitest';
import { PENDING, PENDING_WITH_ENTRY, PendingIds, STATE_MASK } from '../../src/preload/tables/pending-ids.js';

describe('PendingIds', () => {
  it('counts unrecorded subscribers past what a byte holds, and forgets them on delete', () => {
    const ids = new PendingIds();
    ids.set(5, PENDING);
    ids.set(6, PENDING_WITH_ENTRY);
    for (let i = 0; i < 100_000; i++) ids.subscribe(5, ids.get(5));
    ids.subscribe(6, ids.get(6));
    expect(ids.get(5) & STATE_MASK).toBe(PENDING);
    expect(ids.get(6) & STATE_MASK).toBe(PENDING_WITH_ENTRY);
    expect([...ids.subscribers()].sort()).toEqual([
      [5, 100_000],
      [6, 1],
    ]);
    expect(ids.delete(5) & STATE_MASK).toBe(PENDING);
    expect(ids.get(5)).toBe(0);
    expect([...ids.subscribers()]).toEqual([[6, 1]]);
    // The overflow entry went with it: a later id 5 starts from nothing.
    ids.set(5, PENDING);
    expect([...ids.subscribers()]).toEqual([[6, 1]]);
  });

  it('keeps counts of ids that were spilled out of the window as it moved on', () => {
    const ids = new PendingIds();
    ids.set(1, PENDING);
    for (let i = 0; i < 70; i++) ids.subscribe(1, ids.get(1));
    // Many settled ids later, the window slides past id 1.
    for (let id = 2; id < 200_000; id++) {
      ids.set(id, PENDING);
      ids.delete(id);
    }
    expect(ids.get(1) & STATE_MASK).toBe(PENDING);
    expect([...ids.subscribers()]).toEqual([[1, 70]]);
    ids.subscribe(1, ids.get(1));
    expect([...ids.subscribers()]).toEqual([[1, 71]]);
    expect(ids.count()).toBe(2); // id 1, and its overflow entry
  });

  it('keeps every id still pending as the window slides past it, wherever it sits in the window', () => {
    const ids = new PendingIds();
    // One in 997 stays pending (scattered over every word of the window); the others settle.
    const kept: number[] = [];
    for (let id = 1; id < 300_000; id++) {
      ids.set(id, id % 997 === 0 ? PENDING_WITH_ENTRY : PENDING);
      if (id % 997 === 0) kept.push(id);
      else ids.delete(id);
    }
    expect(kept.length).toBe(300);
    expect(kept.filter((id) => (ids.get(id) & STATE_MASK) !== PENDING_WITH_ENTRY)).toEqual([]);
    expect(ids.count()).toBe(kept.length);
    for (const id of kept) expect(ids.delete(id) & STATE_MASK).toBe(PENDING_WITH_ENTRY);
    expect(ids.count()).toBe(0);
  });
});
