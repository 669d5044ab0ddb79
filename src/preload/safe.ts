// The built-ins the hooks call on every resource, as they were when the preload loaded (the idea
// of Node's own primordials, lib/internal/per_context/primordials.js). A program that spies on or
// replaces Map.prototype.set, Set.prototype.has, Date.now or Error.captureStackTrace must neither
// see the tracker's calls (a test counting Map#set calls would count ours) nor break them.

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
export const SafeFinalizationRegistry =
  typeof FinalizationRegistry === 'function'
    ? makeSafe(FinalizationRegistry, class SafeFinalizationRegistry<T> extends FinalizationRegistry<T> {})
    : undefined;

export const now = Date.now;
export const captureStackTrace = Error.captureStackTrace;
export const isArray = Array.isArray;
