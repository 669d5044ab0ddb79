// The handles a program makes by the hundred thousand and that are gone within a turn or two:
// timers and immediates (deadlines, debounces), HTTP client requests, in-flight fs and dns
// requests. They are kept in parallel arrays instead of one entry object and one Map slot each, and
// compacted (the finished ones dropped) each time the table doubled from 256: a finished resource is
// let go within a few hundred more, before V8 promotes it out of its young generation (holding
// them until a table of thousands was swept made a million cleared timers cost 1.4x the memory).
// The arrays keep their length (`count` says how much is in use; slots past it are emptied): cut
// to what compaction kept and grown back each round, their new backing stores were young objects
// that survived every scavenge until promoted: ~800 KB survived each scavenge of bench (b) against
// ~560 KB for plain node, and V8 doubled its young generation once more (peak RSS 1.30x plain).
// Entries are made only for the ones still pending when a snapshot reads them.
import type { Holder } from '../hooks/capture.js';
import type { TestRef } from '../runners/test-ref.js';
import type { HandleEntry } from './tables.js';

/** Its kind's liveness (Kind.alive): whether it is still pending. */
export type StillPending = (entry: HandleEntry, requests: ReadonlySet<unknown>) => boolean;

export class ChurnTable {
  private ids: number[] = [];
  private types: string[] = [];
  private triggers: number[] = [];
  private orders: number[] = [];
  private resources: Array<object | undefined> = [];
  private holders: Array<Holder | undefined> = [];
  private times: number[] = [];
  private tests: Array<TestRef | undefined> = [];
  private alive: Array<StillPending | undefined> = [];
  /** Slots in use, from 0; the arrays are at least this long. */
  private count = 0;
  private compactAt: number;
  /** Reused for every liveness question: compaction allocates nothing per resource. */
  private readonly scratch: HandleEntry = {
    id: 0,
    type: '',
    trigger: 0,
    exec: 0,
    order: 0,
    resource: {},
    holder: undefined,
    time: 0,
    test: undefined,
  };

  /** `smallest`: the size it is compacted at, at least (then at twice what it kept). */
  constructor(
    private readonly requests: () => ReadonlySet<unknown>,
    private readonly smallest = 256,
  ) {
    this.compactAt = smallest;
  }

  get size(): number {
    return this.count;
  }

  add(
    alive: StillPending,
    id: number,
    type: string,
    trigger: number,
    order: number,
    resource: object,
    holder: Holder | undefined,
    time: number,
    test: TestRef | undefined,
  ): void {
    const i = this.count++;
    this.ids[i] = id;
    this.types[i] = type;
    this.triggers[i] = trigger;
    this.orders[i] = order;
    this.resources[i] = resource;
    this.holders[i] = holder;
    this.times[i] = time;
    this.tests[i] = test;
    this.alive[i] = alive;
    if (i >= this.compactAt) this.compact();
  }

  /** The stack of a recent resource still in the table (a socket made in a dns lookup's callback
   * borrows the lookup's). */
  holderOf(id: number): Holder | undefined {
    for (let i = this.count - 1; i >= 0; i--) if (this.ids[i] === id) return this.holders[i];
    return undefined;
  }

  /** Gives a recent resource still in the table what was found after its init: an fs.promises
   * FileHandle's stack and test, from its open() request (undefined: left as it is). */
  setOrigin(id: number, holder: Holder | undefined, test: TestRef | undefined): void {
    if (holder === undefined && test === undefined) return;
    for (let i = this.count - 1; i >= 0; i--) {
      if (this.ids[i] === id) {
        if (holder !== undefined) this.holders[i] = holder;
        if (test !== undefined) this.tests[i] = test;
        return;
      }
    }
  }

  /** Drops what is no longer pending. */
  compact(): void {
    const n = this.count;
    const requests = this.requests();
    let kept = 0;
    const scratch = this.scratch;
    for (let i = 0; i < n; i++) {
      scratch.type = this.types[i]!;
      scratch.resource = this.resources[i]!;
      if (!this.alive[i]!(scratch, requests)) continue;
      if (kept !== i) {
        this.ids[kept] = this.ids[i]!;
        this.types[kept] = this.types[i]!;
        this.triggers[kept] = this.triggers[i]!;
        this.orders[kept] = this.orders[i]!;
        this.resources[kept] = this.resources[i]!;
        this.holders[kept] = this.holders[i];
        this.times[kept] = this.times[i]!;
        this.tests[kept] = this.tests[i];
        this.alive[kept] = this.alive[i]!;
      }
      kept++;
    }
    scratch.resource = {};
    // What the emptied slots held can be collected.
    for (let i = kept; i < n; i++) {
      this.resources[i] = undefined;
      this.holders[i] = undefined;
      this.tests[i] = undefined;
      this.alive[i] = undefined;
    }
    this.count = kept;
    this.compactAt = Math.max(this.smallest, kept * 2);
    // After a burst the table holds what is pending, not the most it ever held.
    if (this.ids.length > 4 * this.compactAt) {
      for (const list of [
        this.ids,
        this.types,
        this.triggers,
        this.orders,
        this.resources,
        this.holders,
        this.times,
        this.tests,
        this.alive,
      ]) {
        list.length = this.compactAt;
      }
    }
  }

  /** An entry for each resource in the table, for a snapshot (which judges liveness itself). */
  entries(): HandleEntry[] {
    const out: HandleEntry[] = [];
    for (let i = 0; i < this.count; i++) {
      out.push({
        id: this.ids[i]!,
        type: this.types[i]!,
        trigger: this.triggers[i]!,
        exec: 0,
        order: this.orders[i]!,
        resource: this.resources[i]!,
        holder: this.holders[i],
        time: this.times[i]!,
        test: this.tests[i],
      });
    }
    return out;
  }
}
