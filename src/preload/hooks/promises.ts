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
import { capture, PROMISE_FRAMES } from './capture.js';
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

/** Where promise ids come from. Node's async ids where Node dispatches every promise to the init
 * hook. Where Node honours createHook({ trackPromises: false }) (24.22+, 26), or where tracker.ts
 * could take V8's promise hooks over from Node's (20, 22: node-dispatch.ts), V8's promise hooks
 * are lingering's own and ids are ours: a counter stored on each promise, with the promise whose
 * reaction runs kept by the before/after hooks. Node's own dispatch of every promise to async_hooks
 * was most of the cost on promise-heavy code (bench (a) on Node 24: 2.5x plain with it, 1.9x without).
 * Handles keep Node's async ids; what compares the two (chains.ts) uses promiseClock(). */
export let ownIds = false;
/** Our id on each promise (own ids only). */
export const PROMISE_ID = Symbol('lingering.promiseId');
/** The last own id given. */
let counter = 0;
/** The own id of the promise whose reaction runs (0: none), and those it interrupted. */
let current = 0;
const interrupted: number[] = [];
/** Whether the last async resource made was a promise (own ids only: see pendingJustBefore). */
let lastWasPromise = false;

export function useOwnPromiseIds(): void {
  ownIds = true;
}

/** The execution something is made in, as AwaitEntry.exec and HandleEntry.exec record it: Node's
 * executionAsyncId() (a promise's async id inside its reaction); with own ids, the reacting
 * promise's own id, or outside any reaction the negated async id of the callback that runs (never
 * a promise id). */
export function currentExecution(): number {
  return ownIds ? ownExecution() : executionAsyncId();
}

/** currentExecution() with own ids. */
function ownExecution(): number {
  return current !== 0 ? current : -executionAsyncId();
}

/** A promise's own id; undefined for one made before tracking started. */
function ownIdOf(promise: Promise<unknown>): number | undefined {
  return (promise as unknown as Record<symbol, number | undefined>)[PROMISE_ID];
}

/** Where a handle with async id `id`, made now, falls among promise ids: below every promise made
 * after it and above every one made before (its own async id when promises have Node's ids). */
export function promiseClock(id: number): number {
  return ownIds ? counter + 0.5 : id;
}

/** An async resource other than a promise was made (after its kind's init ran). */
export function handleMade(): void {
  lastWasPromise = false;
}

/** Whether the promise made just before the handle `id` (made now) is still pending. */
export function pendingJustBefore(id: number): boolean {
  if (!ownIds) return pending.get(id - 1) !== 0;
  return lastWasPromise && pending.get(counter) !== 0;
}

/** A new promise (async_hooks type PROMISE). */
export function promiseInit(id: number, trigger: number, resource: object): void {
  const exec = executionAsyncId();
  if (trigger === exec) {
    // Not derived from another promise: new Promise(), an async function's own promise.
    pending.set(id, PENDING);
    return;
  }
  subscription(id, trigger, exec, resource);
}

/** A new promise, from V8's init hook (own ids). */
export function ownPromiseInit(promise: Promise<unknown>, parent: Promise<unknown> | undefined): void {
  const id = ++counter;
  (promise as unknown as Record<symbol, number>)[PROMISE_ID] = id;
  lastWasPromise = true;
  if (parent === undefined) {
    pending.set(id, PENDING);
    return;
  }
  const trigger = ownIdOf(parent);
  // A promise made before tracking started is never pending in the table.
  if (trigger !== undefined) subscription(id, trigger, ownExecution(), promise);
}

/** A reaction of `promise` starts (V8's before hook; own ids). */
export function reactionBefore(promise: Promise<unknown>): void {
  interrupted.push(current);
  current = ownIdOf(promise) ?? 0;
}

/** That reaction ended (V8's after hook; own ids). */
export function reactionAfter(): void {
  current = interrupted.pop() ?? 0;
}

let awaitBoundary: Function = subscription;

/** The function whose callers an await's stack starts at (the hook V8 or Node calls). */
export function setAwaitBoundary(fn: Function): void {
  awaitBoundary = fn;
}

/** `id` derives (await / .then) from the promise `trigger`. Only a subscription to a promise that
 * is still pending can become a suspended task; await's own promise never settles, so such entries
 * are judged at report time by whether their parent is still pending. */
function subscription(id: number, trigger: number, exec: number, resource: object): void {
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
    holder: capture(PROMISE_FRAMES, awaitBoundary),
    time: now(),
    destroyed: false,
    test: currentTest(),
  });
  // Lets the entry go when the promise is collected; reports it if still suspended then.
  registry?.register(resource, id);
}

/** An fs.promises request (FSREQPROMISE) was made: the promise native code made for it just
 * before (V8's resolver is created before the request's wrap: its async id is one less, or with
 * own ids the last promise made) is Node's. Each call of fs.promises made two awaits there, inside
 * Node's code, each taking a stack while the budget lasted: half of the await stacks of an
 * fs-heavy test. Returns that promise's id when it is watched (`onRequestSettled`'s listener hears
 * when it settles), else 0. */
export function requestPromise(requestId: number): number {
  const id = ownIds ? counter : requestId - 1;
  if (pending.get(id) !== PENDING) return 0;
  pending.set(id, PENDING_BY_NODE);
  return id;
}

let requestSettled: (promiseId: number) => void = () => {};

/** The one listener (kinds/file-handle.ts) told when a promise `requestPromise` watched settles:
 * native code settles it right after the request's callback, synchronously. */
export function onRequestSettled(listener: (promiseId: number) => void): void {
  requestSettled = listener;
}

/** A promise settled. */
export function promiseSettled(id: number): void {
  const state = pending.delete(id) & STATE_MASK;
  if (state === PENDING_WITH_ENTRY) awaits.delete(id);
  else if (state === PENDING_BY_NODE) requestSettled(id);
}
