// How a thread asks its children for their reports before they are stopped, and how a child
// answers. The parent blocks (it is inside terminate() or its own exit, both synchronous): it
// writes each child's threadId into that child's request cell and notifies the cell, then waits
// with Atomics.wait until each child says its report is under way (bounded by the acknowledge
// bound: a child in synchronous code never answers) and then written.
//
// A child hears the request from its event loop through an Atomics.waitAsync on its request cell,
// armed at start-up, or from inside a long Atomics.wait (atomics-wait.ts), where its loop does not
// run. Not a message: a worker that never received one would pay for the first here, and on Node
// 22+ the first message a thread receives loads undici for its MessageEvent (BroadcastChannel
// builds one for every message: lazyMessageEvent in lib/internal/worker/io.js), 30-40 ms of CPU
// inside the program's terminate(). A pending waitAsync does not keep the worker alive.
import { threadId } from '../thread.js';
import { elapsedMs, load, notify, queueMicrotask, store, wait, waitAsync } from '../builtins.js';
import { children, leaveRegistry, ownSlot, parent, slotOf } from './registry.js';

/** A worker listens from start-up, before tracking starts, so that the promise waitAsync returns
 * is not one of the program's tasks. */
export function listen(onRequest: () => void): void {
  const asyncWait = waitAsync;
  if (!parent || ownSlot < 0 || typeof asyncWait !== 'function') return;
  const cells = parent.requests;
  const slot = ownSlot;
  const run = (): void => {
    try {
      if (asked()) onRequest();
      else if (ownSlot === slot) arm();
    } catch {
      // An exception here would be the worker's unhandled rejection.
    }
  };
  // Only our parent notifies this cell, after writing our threadId into it; the value in it
  // before that is the previous owner's.
  const arm = (): void => {
    const seen = load(cells, slot);
    const result = seen === threadId ? undefined : asyncWait(cells, slot, seen);
    if (result?.async) void result.value.then(run);
    else queueMicrotask(run);
  };
  arm();
}

/** Blocks until `column[slot]` holds `id` or the deadline (elapsedMs) passes. */
function waitFor(column: Int32Array, slot: number, id: number, deadline: number): boolean {
  for (;;) {
    const seen = load(column, slot);
    if (seen === id) return true;
    const left = deadline - elapsedMs();
    if (left <= 0) return false;
    wait(column, slot, seen, left);
  }
}

export interface Bounds {
  /** How long a child has to say its report is under way. */
  acknowledgeMs: number;
  /** How long it then has to write it. */
  writeMs: number;
}

/** Asks the children `ids` to report now and waits until each has written its report, or the
 * bounds pass. Returns the ids of those that did not (their slots are still theirs).
 * Indexed loops, no push(): this runs inside the program's terminate() call, after the program
 * may have replaced Array.prototype methods or its iterator. */
export function requestReports(ids: readonly number[], bounds: Bounds): number[] {
  // Slots are looked up once: a child frees its slot as soon as its report is written.
  const asked: number[] = [];
  const slots: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const slot = slotOf(id);
    // Not ours (no preload, already gone), or it reported through an exit path of its own.
    if (slot < 0 || load(children.written, slot) === id) continue;
    store(children.requests, slot, id);
    notify(children.requests, slot);
    asked[asked.length] = id;
    slots[slots.length] = slot;
  }
  if (asked.length === 0) return [];
  const answered: boolean[] = [];
  const acknowledgeBy = elapsedMs() + bounds.acknowledgeMs;
  for (let i = 0; i < asked.length; i++) answered[i] = waitFor(children.started, slots[i]!, asked[i]!, acknowledgeBy);
  const writtenBy = elapsedMs() + bounds.writeMs;
  const unanswered: number[] = [];
  for (let i = 0; i < asked.length; i++) {
    if (!answered[i] || !waitFor(children.written, slots[i]!, asked[i]!, writtenBy)) {
      unanswered[unanswered.length] = asked[i]!;
    }
  }
  return unanswered;
}

/** Whether our parent asked us for our report. */
export function asked(): boolean {
  return parent !== undefined && ownSlot >= 0 && load(parent.requests, ownSlot) === threadId;
}

function announce(column: Int32Array | undefined): void {
  if (!column || ownSlot < 0) return;
  store(column, ownSlot, threadId);
  notify(column, ownSlot);
}

/** Our final report is under way (asked or not): a parent that is waiting goes on waiting for it. */
export function announceStarted(): void {
  announce(parent?.started);
}

/** Our final report is written: the parent stops waiting, and will not wait for us again. */
export function announceWritten(): void {
  announce(parent?.written);
  leaveRegistry();
}

/** Run nothing more: after our report, no code of the program may run before the terminate()
 * that is coming, which interrupts this wait at once (it stops the isolate). Bounded, should the
 * terminate never come. */
export function freeze(ms: number): void {
  wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
