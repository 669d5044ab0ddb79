// Promises: which are pending, and which awaits/.then()s wait on a pending one. On the hottest path
// (every promise's init and settlement): byte writes in the pending-id window, and a stack for an
// await while the budget lasts.
//
// No `destroy` hook: it makes Node track every promise for garbage collection, which costs ~8x on
// promise-heavy code. Settlement comes from V8's promise hook, and only awaits recorded with a
// stack are watched for collection.
import asyncHooks from 'node:async_hooks';
import { SafeFinalizationRegistry, now } from '../builtins.js';
import { PENDING, PENDING_BY_NODE, PENDING_WITH_ENTRY, STATE_MASK } from '../tables/pending-ids.js';
import { awaits, destroyed, MAX_DESTROYED, pending } from '../tables/tables.js';
import { CaptureBudget } from './budget.js';
import { captureStack, PROMISE_FRAMES } from './capture.js';
import { currentTest } from '../runners/context.js';

// Taken at load: a program may replace the module's exports.
const { executionAsyncId } = asyncHooks;

export type PromiseMode = 'tasks' | 'all' | 'off';

/** Awaits on a pending promise: 2000 stacks (none in a vitest fork until it collects a test file),
 * 1 more per ms, all 2000 again when a test file is collected and when a test starts;
 * otherwise 1 in 4096 (LINGERING_PROMISES=all: every one). Those sampled stacks are what lets a
 * million functions suspended at one line be counted at that line; more of them (1 in 512) kept so
 * many captured stacks alive that the peak RSS of a promise-heavy program grew 1.35x. */
export const awaitBudget = new CaptureBudget(2000, 4096, 1);
let mode: PromiseMode = 'tasks';

export function setPromiseMode(value: PromiseMode): void {
  mode = value;
}

/** Whether promises are recorded (the pending table is kept). */
export function promisesTracked(): boolean {
  return mode !== 'off';
}

const registry =
  SafeFinalizationRegistry !== undefined
    ? new SafeFinalizationRegistry<number>((id) => {
        const entry = awaits.get(id);
        if (entry !== undefined) {
          awaits.delete(id);
          pending.delete(id);
          // Collected while its parent never settled: nothing can ever resume it.
          if (pending.get(entry.parent) !== 0 && destroyed.length < MAX_DESTROYED) {
            entry.destroyed = true;
            destroyed[destroyed.length] = entry;
          }
        }
      })
    : undefined;

/** A new promise (async_hooks type PROMISE). */
export function promiseInit(id: number, trigger: number, resource: object): void {
  const exec = executionAsyncId();
  if (trigger === exec) {
    // Not derived from another promise: new Promise(), an async function's own promise.
    pending.set(id, PENDING);
    return;
  }
  // Derived (await / .then) from the promise `trigger`. Only a subscription to a promise that is
  // still pending can become a suspended task; await's own promise never settles, so such entries
  // are judged at report time by whether their parent is still pending.
  const parent = pending.get(trigger);
  if (parent === 0) return;
  // fs.promises' own .then() on a request's promise, and the await on that: neither is the
  // program's (the program's await is on the fs.promises function's promise, one level up).
  if ((parent & STATE_MASK) === PENDING_BY_NODE) return;
  if (mode !== 'all' && !awaitBudget.take()) {
    // Counted on the parent, so that what is suspended is counted even without a stack.
    pending.subscribe(trigger, parent);
    return;
  }
  pending.set(id, PENDING_WITH_ENTRY);
  awaits.set(id, {
    id,
    parent: trigger,
    exec,
    holder: captureStack(PROMISE_FRAMES),
    time: now(),
    destroyed: false,
    test: currentTest(),
  });
  // Lets the entry go when the promise is collected; reports it if still suspended then.
  registry?.register(resource, id);
}

/** An fs.promises request (FSREQPROMISE) was made: the promise native code made for it just
 * before (V8's resolver is created before the request's wrap, so its async id is one less) is
 * Node's. Each call of fs.promises made two awaits there, inside Node's code, each taking a stack
 * while the budget lasted: half of the await stacks of an fs-heavy test. Returns whether that
 * promise is watched: then `onRequestSettled`'s listener hears when it settles. */
export function requestPromise(requestId: number): boolean {
  const id = requestId - 1;
  if (pending.get(id) !== PENDING) return false;
  pending.set(id, PENDING_BY_NODE);
  return true;
}

let requestSettled: (requestId: number) => void = () => {};

/** The one listener (kinds/file-handle.ts) told when the promise of a request `requestPromise`
 * watched settles: native code settles it right after the request's callback, synchronously. */
export function onRequestSettled(listener: (requestId: number) => void): void {
  requestSettled = listener;
}

/** A promise settled. */
export function promiseSettled(id: number): void {
  const state = pending.delete(id) & STATE_MASK;
  if (state === PENDING_WITH_ENTRY) awaits.delete(id);
  else if (state === PENDING_BY_NODE) requestSettled(id + 1);
}
