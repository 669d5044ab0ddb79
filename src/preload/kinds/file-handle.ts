// fs.promises FileHandle (FILEHANDLE), made by native code after its open() request completes:
// it takes the stack of that request (FSREQPROMISE).
import { captureStack, HANDLE_FRAMES, type Holder } from '../hooks/capture.js';
import { CaptureBudget } from '../hooks/budget.js';
import { onRequestSettled, promiseClock, requestPromise } from '../hooks/promises.js';
import { now, SafeMap, SafeWeakSet } from '../builtins.js';
import { currentTest } from '../runners/context.js';
import type { TestRef } from '../runners/test-ref.js';
import { churn } from '../tables/tables.js';
import { RANK, type Kind } from './kind.js';
import { hasRef, type Bag } from './native.js';

/** fs.promises requests: several per call (open, stat, read, close); only open() names a FileHandle,
 * and which request is an open() cannot be told at its init (the same native request, the same JS
 * caller shape). So their stacks are few: 500 (again at each test start), then 1 in 256. With 2000,
 * then 1 in 64, they were ~3200 captures on bench (d), ~0.05x of its time on Node 20 (21
 * interleaved rounds, CPU time: 1.34x plain against 1.28x), more than the captures' own ~10 us each. */
const budget = new CaptureBudget(500, 256);

/** The stacks of the requests in flight that took one, by their promise's id, until it settles.
 * A FileHandle is made (FILEHANDLE init, with no JS on the stack and no async context) in its
 * open() request's callback, and that request's promise is resolved with it right after, before
 * any other JS runs: the settlement names the request. "The last request made" named whichever
 * fs.promises call started last: open() and stat() in one Promise.all put the FileHandle at the
 * stat() line. */
const inFlight = new SafeMap<number, Holder>();
/** The same for the test each request was made in: the FileHandle's init runs in no test. */
const inFlightTests = new SafeMap<number, TestRef>();
/** The FileHandle made just now, whose request's promise settles next (0: none). */
let opened = 0;
/** With promises off (no settlement is heard): the last request's stack, as close as it gets. */
let lastRequest: Holder | undefined;

onRequestSettled((promiseId) => {
  const holder = takeFrom(inFlight, promiseId);
  const test = takeFrom(inFlightTests, promiseId);
  if (opened === 0) return;
  churn.setOrigin(opened, holder, test);
  opened = 0;
});

/** Removes and returns what `map` held for a settled request (most hold nothing: no lookup then). */
function takeFrom<T>(map: Map<number, T>, promiseId: number): T | undefined {
  if (map.size === 0) return undefined;
  const value = map.get(promiseId);
  if (value !== undefined) map.delete(promiseId);
  return value;
}

/** Set on a native FileHandle when its close() or releaseFD() is called (see watchClose): a property
 * of the binding's own object, which only fs/promises' FileHandle holds. A WeakSet of them cost
 * ~1 us per close and per liveness check (20k reads: ~20 ms of bench (d)). */
const CLOSED = Symbol('lingering.closed');

export const fsPromiseRequest: Kind = {
  types: ['FSREQPROMISE'],
  init(id) {
    const promiseId = requestPromise(id);
    // Never reported itself: one still in flight is Node's work for an fs.promises call, and the
    // program's await on that call is what is reported. Its stack only names the open() call of
    // the FileHandle that comes next. A FileHandle opened by an unsampled open() has no location.
    const holder = budget.take() ? captureStack(HANDLE_FRAMES) : undefined;
    if (promiseId === 0) {
      lastRequest = holder;
      return;
    }
    if (holder !== undefined) inFlight.set(promiseId, holder);
    const test = currentTest();
    if (test !== undefined) inFlightTests.set(promiseId, test);
  },
  alive: () => false,
  refed: () => false,
  describe: () => 'fs.promises operation in flight',
  fallback: 'donor',
  rank: RANK.other,
  stdio: false,
};

export const fileHandle: Kind = {
  types: ['FILEHANDLE'],
  init(id, type, trigger, resource) {
    watchClose(resource);
    // Mostly opened and closed within a few turns (readFile): the churn table. Its stack is its
    // open() request's, given when that request's promise settles (inFlight).
    churn.add(fileHandle.alive, id, type, trigger, promiseClock(id), resource, lastRequest, now(), currentTest());
    opened = id;
  },
  // Never read `fd`: see watchClose.
  alive: (entry) => (entry.resource as Record<symbol, unknown>)[CLOSED] !== true,
  refed: hasRef,
  describe: () => 'FileHandle (open)',
  fallback: 'donor',
  rank: RANK.fileHandle,
  // Reading its fd to check is unsafe (watchClose).
  stdio: false,
  // Node closes every FileHandle it opens for itself (readFile, writeFile) before it settles.
  reportedUnlocated: true,
};

/** A closed native FileHandle can outlive its C++ object: reading its `fd` getter then reads freed
 * memory (SIGSEGV in StreamBase::GetFD). So we never read it; we note close() instead, by wrapping
 * close() and releaseFD() once on the prototype of Node's private binding class (held only by the
 * fs/promises FileHandle, which programs use). */
const watched = new SafeWeakSet<object>();

let lastProto: object | null = null;

function watchClose(resource: object): void {
  const proto = Object.getPrototypeOf(resource) as Bag | null;
  if (proto === lastProto) return;
  lastProto = proto;
  if (proto === null || watched.has(proto)) return;
  watched.add(proto);
  for (const name of ['close', 'releaseFD']) {
    const original = proto[name];
    if (typeof original !== 'function') continue;
    Object.defineProperty(proto, name, {
      configurable: true,
      writable: true,
      value: function (this: Record<symbol, unknown>, ...args: unknown[]) {
        try {
          this[CLOSED] = true;
        } catch {
          // A handle made non-extensible: its close() must still run.
        }
        return original.apply(this, args);
      },
    });
  }
}
