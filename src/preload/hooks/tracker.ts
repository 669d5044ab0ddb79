// The async_hooks tracker: an init hook and V8's onSettled. Every hook is wrapped so that a bug here
// disables tracking instead of crashing the observed program; each kind's init (kinds/) does table
// updates and captures only: no formatting, no I/O, no new async work.
//
// Finished entries are not removed by hooks (no destroy hook, see promises.ts): liveness is read
// from the resources' real state, and the table is swept as it grows.
import asyncHooks, { type AsyncHook } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { activeRequests } from '../kinds/native.js';
import { kindOf } from '../kinds/index.js';
import { handles, pending, awaits, churn, httpRequests } from '../tables/tables.js';
import { setCaptureBoundary } from './capture.js';
import { carryTestsHere, scopeAfter, scopeBefore, scopePromise, scopeResource } from './test-scope.js';
import { takeOverPromiseHooks, type PromiseHookTakeover } from './node-dispatch.js';
import {
  awaitBudget,
  handleMade,
  ownIds,
  ownPromiseInit,
  PROMISE_ID,
  promiseInit,
  promiseSettled,
  reactionAfter,
  reactionBefore,
  setAwaitBoundary,
  setPromiseMode,
  useOwnPromiseIds,
  type PromiseMode,
} from './promises.js';

// Taken at load: a program may replace the module's exports.
const { createHook } = asyncHooks;
const require = createRequire(__filename);

let mode: PromiseMode = 'tasks';
let sweepAt = 1024;
let hook: AsyncHook | undefined;
let stopSettled: Function | undefined;
let failed = false;

function fail(error: unknown): void {
  if (failed) return;
  failed = true;
  try {
    hook?.disable();
    stopSettled?.();
  } catch {
    // Nothing more we can do; stay silent rather than crash the program.
  }
  try {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`lingering: internal error, tracking disabled: ${message}\n`);
  } catch {
    // stderr may be gone; tracking is off either way.
  }
}

export function trackerFailed(): boolean {
  return failed;
}

/** Drops finished handle entries; runs when the table doubled since the last sweep. */
export function sweep(): void {
  churn.compact();
  httpRequests.compact();
  const requests = activeRequests();
  for (const [id, entry] of handles) {
    if (!kindOf(entry.type).alive(entry, requests)) handles.delete(id);
  }
  sweepAt = Math.max(1024, handles.size * 2);
}

/** Test builds only (TEST_HOOKS): counts down to the resource whose init throws; 0 is off. */
let faultIn = 0;

function countDownToFault(): void {
  if (faultIn !== 0 && --faultIn === 0) throw new Error('fault injected by LINGERING_TEST_FAULT');
}

/** Set while startTracking checks whether Node still sends promises to the init hook. */
let probing = false;
let promiseSeen = false;
/** Node 20 and 22, where V8's promise hooks were set to lingering's alone (node-dispatch.ts). */
let takeover: PromiseHookTakeover | undefined;

function init(id: number, type: string, trigger: number, resource: object): void {
  try {
    if (TEST_HOOKS) countDownToFault();
    if (type === 'PROMISE') {
      if (probing) promiseSeen = true;
      // With own ids, promises Node still sends (another hook asked for them) are not ours to count.
      else if (mode !== 'off' && !ownIds) promiseInit(id, trigger, resource);
      // Unless Node set V8's promise hooks again without lingering's: they run first, so a promise
      // they saw has an own id.
      else if (takeover !== undefined && !(PROMISE_ID in resource)) {
        takeover.rejoin();
        if (mode === 'off') {
          // Node's dispatch is back for the hook that asked for it; lingering has none to add.
          takeover = undefined;
          return;
        }
        ownPromiseInit(resource as Promise<unknown>, undefined);
        scopePromise(resource);
      }
      return;
    }
    scopeResource(resource);
    kindOf(type).init(id, type, trigger, resource);
    if (ownIds) handleMade();
    // Resources rarer than promises give the await budget a look at the clock.
    if (type !== 'TickObject') awaitBudget.tick();
    if (handles.size > sweepAt) sweep();
  } catch (error) {
    fail(error);
  }
}

/** V8's init hook (own ids). */
function ownInit(promise: Promise<unknown>, parent: Promise<unknown> | undefined): void {
  try {
    if (TEST_HOOKS) countDownToFault();
    ownPromiseInit(promise, parent);
    scopePromise(promise);
  } catch (error) {
    fail(error);
  }
}

function before(promise: Promise<unknown>): void {
  try {
    reactionBefore(promise);
    scopeBefore(promise);
  } catch (error) {
    fail(error);
  }
}

function after(): void {
  try {
    reactionAfter();
    scopeAfter();
  } catch (error) {
    fail(error);
  }
}

/** Where a promise's id is: Node's async id (once an init hook exists), or ours (PROMISE_ID). */
let asyncIdSymbol: symbol | undefined;

/** A promise settled: its id is read back from it. */
function onSettled(promise: Promise<unknown>): void {
  try {
    if (asyncIdSymbol === undefined) {
      asyncIdSymbol = Object.getOwnPropertySymbols(promise).find((s) => s.description === 'async_id_symbol');
      if (asyncIdSymbol === undefined) return;
    }
    const id = (promise as unknown as Record<symbol, unknown>)[asyncIdSymbol];
    if (typeof id === 'number') promiseSettled(id);
  } catch (error) {
    fail(error);
  }
}

export function startTracking(promiseMode: PromiseMode, faultAt = 0): void {
  mode = promiseMode;
  setPromiseMode(promiseMode);
  if (TEST_HOOKS) faultIn = faultAt;
  setCaptureBoundary(init);
  // The Node versions that have `trackPromises` (24.22 and 26 here; older ones ignore it) then skip
  // the promise hooks an init hook otherwise installs on every promise: with promises off nothing
  // else is needed, otherwise V8's own promise hooks are asked for below.
  // https://nodejs.org/api/async_hooks.html#async_hookscreatehookoptions
  hook = createHook({ init, trackPromises: false } as asyncHooks.HookCallbacks);
  hook.enable();
  // Whether this Node honours it: a promise made now reaches the init hook if not.
  probing = true;
  void new Promise(noop);
  probing = false;
  if (mode === 'off') {
    // Node 20 and 22: no promise hooks at all, as where Node honours trackPromises.
    if (promiseSeen) takeover = takeOverPromiseHooks();
    stopSettled = takeover?.release;
    return;
  }
  if (!promiseSeen) {
    ownPromiseIds();
    stopSettled = v8PromiseHooks().createHook({ init: ownInit, before, after, settled: onSettled });
    return;
  }
  // Node 20 and 22: V8's promise hooks become lingering's alone, without Node's dispatch.
  takeover = takeOverPromiseHooks(ownInit, before, after, onSettled);
  if (takeover !== undefined) {
    ownPromiseIds();
    // An AsyncLocalStorage for the current test would bring Node's dispatch back.
    carryTestsHere();
    stopSettled = takeover.release;
    return;
  }
  // Settlement straight from V8's promise hook: the async_hooks promiseResolve path goes through
  // several layers of Node's dispatch for every promise.
  setAwaitBoundary(init);
  stopSettled = v8PromiseHooks().onSettled(onSettled);
}

function noop(): void {}

/** Loaded only where needed: node:v8 loads Node's streams (~2 ms of a Node 20 process that never
 * writes to stdout, 3.8 ms on Node 24). https://nodejs.org/api/v8.html#promise-hooks */
function v8PromiseHooks(): typeof import('node:v8').promiseHooks {
  return (require('node:v8') as typeof import('node:v8')).promiseHooks;
}

function ownPromiseIds(): void {
  useOwnPromiseIds();
  asyncIdSymbol = PROMISE_ID;
  setAwaitBoundary(ownInit);
}

export function stopTracking(): void {
  try {
    stopSettled?.();
    hook?.disable();
  } catch {
    // Disabling at exit must never throw into the program's exit path.
  }
}

/** For the memory test and the bench (test builds): table sizes must follow what is pending. */
export function tableSizes(): { handles: number; promises: number; awaits: number } {
  sweep();
  return {
    handles: handles.size + churn.size + httpRequests.size,
    promises: pending.count() + awaits.size,
    awaits: awaits.size,
  };
}
