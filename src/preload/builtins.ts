import timers from 'node:timers';

// The built-ins the hooks and the report call, as they were when the preload loaded (the idea of
// Node's own primordials, lib/internal/per_context/primordials.js). A program that spies on or
// replaces Map.prototype.set, Set.prototype.has, Date.now or Error.captureStackTrace must neither
// see the tracker's calls (a test counting Map#set calls would count ours) nor break them; a test
// that installs fake timers or a fake clock must not change the ages and file names we write.

/** Gives `safe` own copies of every method of `base.prototype`, then freezes it. */
function makeSafe<T extends abstract new (...args: never[]) => unknown>(base: Function, safe: T): T {
  const from = base.prototype as object;
  const to = safe.prototype as object;
  for (const key of Reflect.ownKeys(from)) {
    if (key === 'constructor') continue;
    Reflect.defineProperty(to, key, Reflect.getOwnPropertyDescriptor(from, key)!);
  }
  Object.freeze(to);
  return safe;
}

export const SafeMap = makeSafe(Map, class SafeMap<K, V> extends Map<K, V> {});
export const SafeSet = makeSafe(Set, class SafeSet<T> extends Set<T> {});
export const SafeWeakMap = makeSafe(WeakMap, class SafeWeakMap<K extends object, V> extends WeakMap<K, V> {});
export const SafeWeakSet = makeSafe(WeakSet, class SafeWeakSet<T extends object> extends WeakSet<T> {});
export const SafeFinalizationRegistry =
  typeof FinalizationRegistry === 'function'
    ? makeSafe(FinalizationRegistry, class SafeFinalizationRegistry<T> extends FinalizationRegistry<T> {})
    : undefined;

export const captureStackTrace = Error.captureStackTrace;

/** The thread registry's shared-memory calls (threads/), including the real Atomics.wait that
 * threads/atomics-wait.ts replaces in workers. */
export const { load, store, compareExchange, notify, wait } = Atomics;
/** ES2024, not in the ES2022 lib types; in every Node version we support (V8 8.7+). */
export const waitAsync = (Atomics as { waitAsync?: WaitAsync }).waitAsync;
export type WaitAsync = (
  typedArray: Int32Array,
  index: number,
  value: number,
) => { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
export const isArray = Array.isArray;

// The scheduling functions of load time: a test's fake timers (vi.useFakeTimers, jest's modern
// timers, node:test's mock.timers, which also replaces node:timers' exports) replace the globals,
// and work the tool schedules must still run while they are on.
export const setImmediate: (callback: () => void) => unknown = timers.setImmediate;
export const { setTimeout, clearTimeout } = timers;
export const queueMicrotask: (callback: () => void) => void = globalThis.queueMicrotask;
export const nextTick: (callback: () => void) => void = process.nextTick;

/** The tool's clock: wall time in epoch ms, from the Date.now of load time. Every time the
 * tool reads (ages, report file names, markers) comes from here or from `elapsedMs`. */
export const now: () => number = Date.now;

const hrtime = process.hrtime;
/** Monotonic milliseconds, for measuring our own cost (NODE_DEBUG=lingering). */
export function elapsedMs(): number {
  const [s, ns] = hrtime();
  return s * 1e3 + ns / 1e6;
}
