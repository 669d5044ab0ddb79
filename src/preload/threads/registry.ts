// Which threads a thread has to ask for a report before they are stopped: a table of its live
// children in shared memory. Each thread publishes its own table with setEnvironmentData, which
// Node copies into every Worker when it is constructed (a SharedArrayBuffer inside stays shared):
// https://nodejs.org/api/worker_threads.html#worker_threadssetenvironmentdatakey-value
// A child's preload finds its parent's table there and claims a slot in it. The parent only reads
// the table and writes requests; the child alone writes its answers, so neither waits for a lock.
//
// No cell is ever reset: a request and the answers to it carry the child's threadId, which Node
// never reuses within a process, so what a slot's previous owner left there cannot be mistaken
// for an answer of the next one.
import { threadId, workerThreads } from '../thread.js';
import { compareExchange, load } from '../builtins.js';

/** Private to lingering: a program only sees it if it asks for this key. */
const KEY = 'lingering:threads:v1';
const SLOTS = 512;

/** The four columns of a table, each SLOTS Int32 cells of one SharedArrayBuffer. */
export interface Table {
  /** The threadId of the child holding the slot; 0 when free. */
  ids: Int32Array;
  /** Written by the parent: the child's threadId when it asks that child to report. */
  requests: Int32Array;
  /** Written by the child: its threadId once its final report is under way (asked or not). */
  started: Int32Array;
  /** Written by the child: its threadId once its final report is written. */
  written: Int32Array;
}

function tableOf(buffer: SharedArrayBuffer): Table {
  const column = (n: number) => new Int32Array(buffer, n * SLOTS * 4, SLOTS);
  return { ids: column(0), requests: column(1), started: column(2), written: column(3) };
}

/** This thread's children. */
export const children: Table = tableOf(new SharedArrayBuffer(4 * SLOTS * 4));

/** The parent's table and our slot in it, once joined (workers only). */
export let parent: Table | undefined;
export let ownSlot = -1;

/** Claims a slot in the parent's table (a worker started with the preload), then publishes our
 * own table for the workers we start. Returns whether we joined: a parent without lingering
 * (a Worker with a custom env that carries the preload in execArgv) has no table. */
export function joinRegistry(): boolean {
  const { getEnvironmentData, setEnvironmentData } = workerThreads();
  const inherited = getEnvironmentData(KEY) as { buffer?: unknown } | undefined;
  if (inherited && inherited.buffer instanceof SharedArrayBuffer && inherited.buffer.byteLength === 4 * SLOTS * 4) {
    const table = tableOf(inherited.buffer);
    for (let slot = 0; slot < SLOTS; slot++) {
      if (compareExchange(table.ids, slot, 0, threadId) === 0) {
        parent = table;
        ownSlot = slot;
        break;
      }
    }
  }
  setEnvironmentData(KEY, { buffer: children.ids.buffer });
  return ownSlot >= 0;
}

/** Our slot is free again: the parent no longer waits for us. */
export function leaveRegistry(): void {
  if (parent && ownSlot >= 0) compareExchange(parent.ids, ownSlot, threadId, 0);
  ownSlot = -1;
}

export function slotOf(id: number): number {
  if (!(id > 0)) return -1;
  for (let slot = 0; slot < SLOTS; slot++) if (load(children.ids, slot) === id) return slot;
  return -1;
}

export function liveChildren(): number[] {
  const ids: number[] = [];
  for (let slot = 0; slot < SLOTS; slot++) {
    const id = load(children.ids, slot);
    if (id !== 0) ids[ids.length] = id; // not push(): a program may have replaced it
  }
  return ids;
}

/** A child that is being stopped is not waited for again, whether or not it answered. */
export function forgetChild(id: number): void {
  const slot = slotOf(id);
  if (slot >= 0) compareExchange(children.ids, slot, id, 0);
}
