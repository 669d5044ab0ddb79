// The async_hooks tracker. Hot paths (init, and V8's onSettled) do table updates only:
// no formatting, no I/O, no new async work, and every hook is wrapped so that a bug here
// disables tracking instead of crashing the observed program.
//
// No `destroy` hook: it makes Node track every promise for garbage collection, which
// costs ~8x on promise-heavy code. Liveness is read from the resources' real state instead
// (see liveness.ts), and finished entries are swept as the table grows.
import asyncHooks, { type AsyncHook } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { capture, type Holder } from './capture.js';
import { isAlive, sweepRequests } from './liveness.js';
import { IGNORED_TYPES, SERVER_TYPES, SOCKET_TYPES } from './types.js';
import { CLOSED } from './closed.js';
import { PENDING, PENDING_WITH_ENTRY, PendingIds, STATE_MASK } from './pending-ids.js';
import { CaptureBudget } from './budget.js';
import { isArray, now, SafeFinalizationRegistry, SafeMap, SafeWeakMap } from './safe.js';

// Taken at load, like the built-ins in safe.ts: a program may replace the module's exports.
const { createHook, executionAsyncId } = asyncHooks;

const require = createRequire(__filename);

export type PromiseMode = 'tasks' | 'all' | 'off';

export interface HandleEntry {
  id: number;
  type: string;
  trigger: number;
  /** executionAsyncId() at creation: handles created together are grouped. */
  exec: number;
  resource: object;
  /** Missing where a capture would be wasted or was sampled out (immediates, short or unsampled
   * timers: located by their callback; requests, FileHandles, accepted connections: they borrow
   * another resource's stack in collect.ts). */
  holder: Holder | undefined;
  /** A stack to use when this one has no user frame (a FileHandle is made by native code
   * after its open() request completes). */
  donor?: Holder;
  time: number;
}

/** An await or .then() that subscribed to a promise that was still pending. */
export interface AwaitEntry {
  id: number;
  parent: number;
  holder: Holder;
  time: number;
  destroyed: boolean;
}

const HANDLE_FRAMES = 24;
const PROMISE_FRAMES = 12;
/** Awaits on a pending promise: 2000 stacks, then 1 in 512 (LINGERING_PROMISES=all: every one). */
const awaitBudget = new CaptureBudget(2000, 512);
/** Long timers are mostly deadlines that get cleared before they fire. */
const timerBudget = new CaptureBudget(2000, 64);
/** fs.promises requests: several per call (open, stat, read, close); only open() names a FileHandle. */
const fsBudget = new CaptureBudget(2000, 64);
/** Keep-alive sockets given to another request: the request's stack, while this lasts. */
const reuseBudget = new CaptureBudget(2000, 64);
/** Socket handle -> its entry, to notice a keep-alive agent reusing it (a new init, same handle). */
const sockets: WeakMap<object, HandleEntry> = new SafeWeakMap<object, HandleEntry>();

export const handles: Map<number, HandleEntry> = new SafeMap<number, HandleEntry>();
/** Pending promise ids (see pending-ids.ts). */
const pending = new PendingIds();
/** Subscriptions (await / .then) on a pending promise that were recorded with a stack; the others
 * are only counted on the promise they wait for (unrecordedSubscribers). */
export const awaits: Map<number, AwaitEntry> = new SafeMap<number, AwaitEntry>();
/** Subscriptions whose promise was garbage-collected while pending (asyncio's message). */
export const destroyed: AwaitEntry[] = [];
const MAX_DESTROYED = 10_000;

let mode: PromiseMode = 'tasks';
let sweepAt = 1024;
let hook: AsyncHook | undefined;
let failed = false;
let lastFsPromise: Holder | undefined;

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

function sweep(): void {
  const requests = sweepRequests();
  for (const [id, entry] of handles) {
    if (!isAlive(entry, requests)) handles.delete(id);
  }
  sweepAt = Math.max(1024, handles.size * 2);
}

/** Timers shorter than this get no stack at creation: capturing one costs ~5-7 us, more than the
 * timer itself, and a short timer can only be pending if the process is cut off (process.exit,
 * a signal). Those are located by their callback's source position at report time instead. */
const SHORT_TIMER_MS = 100;

/** See PreloadConfig.faultAt: counts down to the resource whose init throws; 0 is off. */
let faultIn = 0;

function init(id: number, type: string, trigger: number, resource: object): void {
  try {
    if (faultIn !== 0 && --faultIn === 0) throw new Error('fault injected by LINGERING_TEST_FAULT');
    if (type === 'PROMISE') {
      if (mode === 'off') return;
      if (trigger === executionAsyncId()) {
        // Not derived from another promise: new Promise(), an async function's own promise.
        pending.set(id, PENDING);
        return;
      }
      // Derived (await / .then) from the promise `trigger`. Only a subscription to a promise
      // that is still pending can become a suspended task; await's own promise never settles,
      // so such entries are judged at exit by whether their parent is still pending.
      const parent = pending.get(trigger);
      if (parent === 0) return;
      if (mode !== 'all' && !awaitBudget.take()) {
        // Counted on the parent, so that what is suspended is counted even without a stack.
        pending.subscribe(trigger, parent);
        return;
      }
      pending.set(id, PENDING_WITH_ENTRY);
      awaits.set(id, {
        id,
        parent: trigger,
        holder: capture(PROMISE_FRAMES, init),
        time: now(),
        destroyed: false,
      });
      // Lets the entry go when the promise is collected; reports it if still suspended then.
      registry?.register(resource, id);
      return;
    }
    if (type === 'TickObject') {
      // listen(port, host) resolves the host with dns.lookup, which for an IP literal answers on a
      // tick (null, address) in Node 20, (null, [addresses]) in 22+; the server handle is created
      // in that tick with no user frame. Keep such a tick's stack for the server to borrow. Other
      // ticks are too hot to record.
      const args = (resource as { args?: unknown[] }).args;
      if (args !== undefined && args[0] === null && (typeof args[1] === 'string' || isArray(args[1]))) {
        handles.set(id, { id, type, trigger, exec: 0, resource, holder: capture(HANDLE_FRAMES, init), time: 0 });
      }
      return;
    }
    if (IGNORED_TYPES.has(type)) return;
    if (type === 'FSREQPROMISE') {
      // Completed ones stay in Node's request list until collected, so they are never reported;
      // their stack only names the open() call of the FileHandle that comes next.
      // A FileHandle opened by an unsampled open() has no location.
      lastFsPromise = fsBudget.take() ? capture(HANDLE_FRAMES, init) : undefined;
      return;
    }
    let holder: Holder | undefined;
    // Immediates: located by callback. HTTP client requests are made on a later tick (no user
    // frame) and take their socket's stack in collect.ts; FileHandles are made by native code and
    // take their open() request's stack.
    const socket = SOCKET_TYPES.has(type);
    let reused: HandleEntry | undefined;
    if (type === 'Immediate' || type === 'HTTPCLIENTREQUEST' || type === 'FILEHANDLE') holder = undefined;
    else if (socket && acceptedBy(trigger)) holder = undefined;
    else if (socket && (reused = reusedSocket(resource)) !== undefined) {
      // One entry per socket; its stack is the current request's while the budget lasts.
      handles.delete(reused.id);
      resource = reused.resource;
      holder = reuseBudget.take() ? capture(HANDLE_FRAMES, init) : reused.holder;
    } else if (type !== 'Timeout') holder = capture(HANDLE_FRAMES, init);
    else {
      const timer = resource as { _repeat?: unknown; _idleTimeout?: number };
      if (timer._repeat !== null && timer._repeat !== undefined) holder = capture(HANDLE_FRAMES, init);
      // Unsampled long timers are located by their callback if still pending at exit.
      else if ((timer._idleTimeout ?? 0) >= SHORT_TIMER_MS && timerBudget.take()) holder = capture(HANDLE_FRAMES, init);
    }
    const entry: HandleEntry = { id, type, trigger, exec: executionAsyncId(), resource, holder, time: now() };
    if (type === 'FILEHANDLE') {
      entry.donor = lastFsPromise;
      watchClose(resource);
    } else if (socket) {
      sockets.set(resource, entry);
    }
    handles.set(id, entry);
    if (handles.size > sweepAt) sweep();
  } catch (error) {
    fail(error);
  }
}

/** A closed native FileHandle can outlive its C++ object: reading its `fd` getter then reads freed
 * memory (SIGSEGV in StreamBase::GetFD). So we never read it; we note close() instead. The object
 * is Node's private binding, held only by the fs/promises FileHandle. */
function watchClose(resource: object): void {
  const handle = resource as Record<string | symbol, unknown>;
  for (const name of ['close', 'releaseFD']) {
    const original = handle[name];
    if (typeof original !== 'function') continue;
    Object.defineProperty(handle, name, {
      configurable: true,
      writable: true,
      value: function (this: unknown, ...args: unknown[]) {
        handle[CLOSED] = true;
        return original.apply(this, args);
      },
    });
  }
}

function settled(id: number): void {
  if ((pending.delete(id) & STATE_MASK) === PENDING_WITH_ENTRY) awaits.delete(id);
}

/** Pending promise id -> how many awaits/.then()s on it were not recorded (sampled out). */
export function unrecordedSubscribers(): Map<number, number> {
  return pending.subscribers();
}

/** Whether an await/.then() entry is still waiting: its parent promise has not settled. */
export function stillWaiting(entry: AwaitEntry): boolean {
  return entry.destroyed || pending.get(entry.parent) !== 0;
}

/** A keep-alive agent handing a socket to another request gives its handle a new async id
 * (asyncReset), with `{ type, handle }` (Node's ReusedHandle) as the resource. */
function reusedSocket(resource: object): HandleEntry | undefined {
  const handle = (resource as { handle?: unknown }).handle;
  return typeof handle === 'object' && handle !== null ? sockets.get(handle) : undefined;
}

/** A connection a server accepted is made from native code; it takes the server's stack. */
function acceptedBy(trigger: number): boolean {
  const server = handles.get(trigger);
  return server !== undefined && SERVER_TYPES.has(server.type);
}

let asyncIdSymbol: symbol | undefined;
let stopSettled: Function | undefined;

/** Node stores each promise's async id on it (once an init hook exists); read it back. */
function onSettled(promise: Promise<unknown>): void {
  try {
    if (asyncIdSymbol === undefined) {
      asyncIdSymbol = Object.getOwnPropertySymbols(promise).find((s) => s.description === 'async_id_symbol');
      if (asyncIdSymbol === undefined) return;
    }
    const id = (promise as unknown as Record<symbol, unknown>)[asyncIdSymbol];
    if (typeof id === 'number') settled(id);
  } catch (error) {
    fail(error);
  }
}

export function startTracking(promiseMode: PromiseMode, faultAt = 0): void {
  mode = promiseMode;
  faultIn = faultAt;
  hook = createHook({ init });
  hook.enable();
  if (mode !== 'off') {
    // Settlement straight from V8's promise hook: the async_hooks promiseResolve path goes
    // through several layers of Node's dispatch for every promise.
    // https://nodejs.org/api/v8.html#promise-hooks
    stopSettled = (require('node:v8') as typeof import('node:v8')).promiseHooks.onSettled(onSettled);
  }
}

export function stopTracking(): void {
  try {
    stopSettled?.();
    hook?.disable();
  } catch {
    // Disabling at exit must never throw into the program's exit path.
  }
}

/** For tests and the bench: table sizes (memory must follow what is pending). */
export function tableSizes(): { handles: number; promises: number } {
  sweep();
  return { handles: handles.size, promises: pending.count() + awaits.size };
}
