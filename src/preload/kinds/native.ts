// Reading a native handle's real state (liveness, ref, owner), shared by the kinds. Reads only own
// data properties and plain methods: some getters print deprecation warnings (dgram's `_handle`,
// DEP0112), which would change the program's stderr.
import type { HandleEntry } from '../tables/tables.js';

export type Bag = Record<string | symbol, unknown>;

let ownerSymbol: symbol | undefined;

/** The JS object (net.Server, ChildProcess, FSWatcher...) that owns a native handle. */
export function ownerOf(resource: object): Bag | undefined {
  if (ownerSymbol === undefined) {
    ownerSymbol = Object.getOwnPropertySymbols(resource).find((s) => s.description === 'owner_symbol');
    if (ownerSymbol === undefined) return undefined;
  }
  const owner = (resource as Bag)[ownerSymbol];
  return owner !== null && typeof owner === 'object' ? (owner as Bag) : undefined;
}

export function ownData(object: Bag, key: string): unknown {
  const desc = Object.getOwnPropertyDescriptor(object, key);
  return desc && 'value' in desc ? desc.value : undefined;
}

export { activeRequests } from '../tables/requests.js';

/** Calls a method that reads state; undefined when it is missing or throws. */
export function call<T>(object: Bag, method: string): T | undefined {
  const fn = object[method];
  if (typeof fn !== 'function') return undefined;
  try {
    return fn.call(object) as T;
  } catch {
    return undefined;
  }
}

export function callHasRef(resource: Bag): boolean | undefined {
  const r = call<unknown>(resource, 'hasRef');
  return typeof r === 'boolean' ? r : undefined;
}

/** Whether the handle keeps the event loop alive. */
export function hasRef(entry: HandleEntry): boolean {
  return callHasRef(entry.resource as Bag) ?? true;
}

/** A native handle (or an in-flight request) is pending until its C++ side is gone or its owner
 * started closing it. */
export function nativeAlive(entry: HandleEntry, requests: ReadonlySet<unknown>): boolean {
  const resource = entry.resource as Bag;
  if (typeof resource.hasRef !== 'function') return requests.has(resource);
  // hasRef() answers undefined once the C++ handle is gone.
  if (callHasRef(resource) === undefined) return false;
  const owner = ownerOf(resource);
  if (owner) {
    // close()/destroy() drop the owner's reference at once; the native close finishes a loop
    // turn later. A handle being closed is not pending.
    const handle = ownData(owner, '_handle');
    if (handle !== undefined && handle !== resource) return false;
    if (owner.destroyed === true) return false;
  }
  return true;
}

/** The process's own stdin/stdout/stderr are not the program's leaks. */
export function isStdio(resource: object): boolean {
  const fd = (resource as Bag).fd;
  if (typeof fd === 'number' && fd >= 0 && fd <= 2) return true;
  return ownerOf(resource)?._isStdio === true;
}

export function formatAddress(address: unknown): string | undefined {
  if (typeof address === 'string') return address;
  if (address && typeof address === 'object') {
    const a = address as { address?: string; port?: number; family?: string | number };
    if (a.address === undefined) return undefined;
    const host = a.family === 'IPv6' || a.family === 6 ? `[${a.address}]` : a.address;
    return `${host}:${a.port}`;
  }
  return undefined;
}
