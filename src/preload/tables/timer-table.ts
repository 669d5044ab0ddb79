// Timers and immediates: the handles a program makes by the million, most cleared or fired within a
// turn (deadlines, debounces). They are kept in parallel arrays instead of one entry object and one
// Map slot each, and compacted (the ones Node marked destroyed dropped) each time the table doubled.
// Entries are made only for the ones still pending when a snapshot reads them.
import type { Holder } from '../hooks/capture.js';
import type { TestRef } from '../runners/test-ref.js';
import type { HandleEntry } from './tables.js';

const TIMEOUT = 0;
const IMMEDIATE = 1;

export class TimerTable {
  private ids: number[] = [];
  private types: number[] = [];
  private resources: object[] = [];
  private holders: Array<Holder | undefined> = [];
  private times: number[] = [];
  private tests: Array<TestRef | undefined> = [];
  private compactAt = 256;

  get size(): number {
    return this.ids.length;
  }

  add(
    id: number,
    type: string,
    resource: object,
    holder: Holder | undefined,
    time: number,
    test: TestRef | undefined,
  ): void {
    const i = this.ids.length;
    this.ids[i] = id;
    this.types[i] = type === 'Immediate' ? IMMEDIATE : TIMEOUT;
    this.resources[i] = resource;
    this.holders[i] = holder;
    this.times[i] = time;
    this.tests[i] = test;
    if (i >= this.compactAt) this.compact();
  }

  /** Drops the timers Node is done with (fired, cleared: `_destroyed`). */
  compact(): void {
    const n = this.ids.length;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      if ((this.resources[i] as { _destroyed?: boolean })._destroyed === true) continue;
      if (kept !== i) {
        this.ids[kept] = this.ids[i]!;
        this.types[kept] = this.types[i]!;
        this.resources[kept] = this.resources[i]!;
        this.holders[kept] = this.holders[i];
        this.times[kept] = this.times[i]!;
        this.tests[kept] = this.tests[i];
      }
      kept++;
    }
    for (const list of [this.ids, this.types, this.resources, this.holders, this.times, this.tests]) list.length = kept;
    this.compactAt = Math.max(256, kept * 2);
  }

  /** An entry for each timer still pending (not destroyed), for a snapshot. */
  entries(): HandleEntry[] {
    const out: HandleEntry[] = [];
    for (let i = 0; i < this.ids.length; i++) {
      const resource = this.resources[i]!;
      if ((resource as { _destroyed?: boolean })._destroyed === true) continue;
      out.push({
        id: this.ids[i]!,
        type: this.types[i] === IMMEDIATE ? 'Immediate' : 'Timeout',
        trigger: 0,
        exec: 0,
        resource,
        holder: this.holders[i],
        time: this.times[i]!,
        test: this.tests[i],
      });
    }
    return out;
  }
}
