// net.Server / http.Server listening (TCPSERVERWRAP, PIPESERVERWRAP).
import { captureStack, HANDLE_FRAMES } from '../hooks/capture.js';
import { isArray, SafeSet } from '../builtins.js';
import { RANK, track, trackWithStack, type Kind } from './kind.js';
import type { HandleEntry } from '../tables/tables.js';
import { call, formatAddress, hasRef, nativeAlive, ownerOf, type Bag } from './native.js';

export const SERVER_TYPES: ReadonlySet<string> = new SafeSet(['TCPSERVERWRAP', 'PIPESERVERWRAP']);

export const server: Kind = {
  types: [...SERVER_TYPES],
  init: trackWithStack,
  // Listening, or closed with connections still open: close() stops listening at once, but its
  // callback (and the 'close' event) waits for every connection to end.
  alive: (entry, requests) => nativeAlive(entry, requests) || openConnections(entry) > 0,
  refed: (entry) => (closing(entry) ? true : hasRef(entry)),
  describe(entry) {
    const owner = ownerOf(entry.resource);
    const label = owner ? serverLabel(owner) : 'net.Server';
    if (closing(entry)) return `${label} closing: waiting for ${plural(openConnections(entry), 'connection')}`;
    const address = owner ? formatAddress(call(owner, 'address')) : undefined;
    return address ? `${label} listening on ${address}` : `${label} (not listening)`;
  },
  // listen(port, host) makes the handle on a later tick (below): it takes that tick's stack.
  fallback: 'donor',
  rank: RANK.server,
  stdio: true,
};

/** 'http.Server' or 'net.Server' (https and http2 servers are http.Servers by their shape). */
export function serverLabel(server: Bag): string {
  const name = server.constructor && (server.constructor as { name?: string }).name;
  return name === 'Server' && typeof server.setTimeout === 'function' && 'maxHeadersCount' in server
    ? 'http.Server'
    : 'net.Server';
}

/** Connections the server accepted that are still open (net.Server counts them in _connections). */
function openConnections(entry: HandleEntry): number {
  const n = ownerOf(entry.resource)?._connections;
  return typeof n === 'number' ? n : 0;
}

/** close() was called (the owner dropped its handle) while connections are still open. */
function closing(entry: HandleEntry): boolean {
  const owner = ownerOf(entry.resource);
  return owner !== undefined && owner._handle === null && openConnections(entry) > 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** listen(port, host) resolves the host with dns.lookup, which for an IP literal answers on a tick
 * (null, address) in Node 20, (null, [addresses]) in 22+; the server handle is created in that
 * tick with no user frame. Such a tick's stack is kept for the server to borrow (its trigger).
 * Other ticks are too hot to record. */
export const lookupTick: Kind = {
  types: ['TickObject'],
  init(id, type, trigger, resource) {
    const args = (resource as { args?: unknown[] }).args;
    if (args !== undefined && args[0] === null && (typeof args[1] === 'string' || isArray(args[1]))) {
      track(id, type, trigger, resource, captureStack(HANDLE_FRAMES)).exec = 0;
    }
  },
  // A donor, never reported itself: it is never alive.
  alive: () => false,
  refed: () => false,
  describe: () => 'process.nextTick(…)',
  fallback: 'donor',
  rank: RANK.other,
  stdio: false,
};
