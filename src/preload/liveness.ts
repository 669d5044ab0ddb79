// Whether a tracked handle is still pending, read from the resource's real state rather than
// from hook events: a timer that fired or was cleared, a server whose close() was called, a
// handle whose C++ side is gone. Reads only own data properties and plain methods: some
// getters print deprecation warnings (dgram's `_handle`, DEP0112), which would change the
// program's stderr.

import { CLOSED } from './closed.js';
import { SafeSet } from './safe.js';

interface Tracked {
  type: string;
  resource: object;
}

type Bag = Record<string | symbol, unknown>;

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

/** The set of in-flight requests (fs, dns, connect...) as Node itself counts them. */
export function sweepRequests(): Set<unknown> {
  try {
    const get = (process as unknown as { _getActiveRequests?: () => unknown[] })._getActiveRequests;
    return new SafeSet(typeof get === 'function' ? get.call(process) : []);
  } catch {
    return new SafeSet();
  }
}

function callHasRef(resource: Bag): boolean | undefined {
  const hasRef = resource.hasRef;
  if (typeof hasRef !== 'function') return undefined;
  try {
    const r: unknown = hasRef.call(resource);
    return typeof r === 'boolean' ? r : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the handle keeps the event loop alive. */
export function isRefed(entry: Tracked): boolean {
  const r = callHasRef(entry.resource as Bag);
  return r ?? true;
}

export function isAlive(entry: Tracked, requests: Set<unknown>): boolean {
  const resource = entry.resource as Bag;
  switch (entry.type) {
    case 'Timeout':
    case 'Immediate':
      return resource._destroyed !== true;
    case 'FILEHANDLE':
      // Never read `fd` here: see watchClose in tracker.ts.
      return resource[CLOSED] !== true;
    case 'HTTPCLIENTREQUEST': {
      const req = resource.req as Bag | undefined;
      if (!req || req.destroyed === true) return false;
      const res = req.res as Bag | undefined;
      return !(res && res.complete === true);
    }
    case 'MESSAGEPORT':
      // A closed port and an unref'd one look the same; neither holds the process or loses work.
      return callHasRef(resource) === true;
  }
  if (typeof resource.hasRef === 'function') {
    // Native handles: hasRef() answers undefined once the C++ handle is gone.
    if (callHasRef(resource) === undefined) return false;
    const owner = ownerOf(resource);
    if (owner) {
      // close()/destroy() drop the owner's reference at once; the native close finishes a
      // loop turn later. A handle being closed is not pending.
      const handle = ownData(owner, '_handle');
      if (handle !== undefined && handle !== resource) return false;
      if (owner.destroyed === true) return false;
    }
    return true;
  }
  return requests.has(resource);
}
