// TCP, pipe and TLS sockets (TCPWRAP, PIPEWRAP, TLSWRAP): what an HTTP request rides on, and
// what a server accepts.
import { captureStack, HANDLE_FRAMES } from '../hooks/capture.js';
import { CaptureBudget } from '../hooks/budget.js';
import { byResource, handles } from '../tables/tables.js';
import { SafeSet } from '../builtins.js';
import { RANK, track, type Kind } from './kind.js';
import { call, formatAddress, hasRef, nativeAlive, ownerOf, type Bag } from './native.js';
import { SERVER_TYPES, serverLabel } from './server.js';

function remoteEnd(socket: Bag): string | undefined {
  const remote = socket.remoteAddress;
  if (typeof remote !== 'string') return undefined;
  return `${remote.includes(':') ? `[${remote}]` : remote}:${String(socket.remotePort)}`;
}

/** "connection accepted by net.Server on 127.0.0.1:40123 from 127.0.0.1:5555": the connection's own
 * local end is the address the server listened on, still known after server.close(). */
function describeAccepted(socket: Bag, server: Bag): string {
  const local = formatAddress(call(socket, 'address')) ?? formatAddress(call(server, 'address'));
  const remote = remoteEnd(socket);
  const inFlight = socket._httpMessage !== null && typeof socket._httpMessage === 'object';
  return (
    `connection accepted by ${serverLabel(server)}${local ? ` on ${local}` : ''}` +
    `${remote ? ` from ${remote}` : ''}${inFlight ? ', a request in flight' : ''}`
  );
}

export const SOCKET_TYPES: ReadonlySet<string> = new SafeSet(['TLSWRAP', 'TCPWRAP', 'PIPEWRAP']);

/** Keep-alive sockets given to another request: the request's stack, while this lasts. */
const reuseBudget = new CaptureBudget(200, 64);

export const socket: Kind = {
  types: [...SOCKET_TYPES],
  init(id, type, trigger, resource) {
    const server = handles.get(trigger);
    if (server !== undefined && SERVER_TYPES.has(server.type)) {
      // Accepted by a server, from native code: it has the server's stack (or what the server
      // borrowed), kept here so that it survives the server's close.
      const entry = track(id, type, trigger, resource, undefined, server.holder);
      entry.source = server;
      byResource.set(resource, entry);
      return;
    }
    // A keep-alive agent handing a socket to another request gives its handle a new async id
    // (asyncReset), with `{ type, handle }` (Node's ReusedHandle) as the resource. One entry per
    // socket; its stack is the current request's while the budget lasts.
    const handle = (resource as { handle?: unknown }).handle;
    const reused = typeof handle === 'object' && handle !== null ? byResource.get(handle) : undefined;
    if (reused !== undefined) {
      handles.delete(reused.id);
      const holder = reuseBudget.take() ? captureStack(HANDLE_FRAMES) : reused.holder;
      byResource.set(reused.resource, track(id, type, trigger, reused.resource, holder));
      return;
    }
    byResource.set(resource, track(id, type, trigger, resource, captureStack(HANDLE_FRAMES)));
  },
  alive: nativeAlive,
  refed: hasRef,
  describe(entry) {
    const owner = ownerOf(entry.resource);
    const server = owner?.server;
    if (owner && server !== null && typeof server === 'object') return describeAccepted(owner, server as Bag);
    if (entry.type === 'PIPEWRAP') return owner ? 'pipe socket' : 'pipe';
    const kind = entry.type === 'TLSWRAP' ? 'tls.TLSSocket' : 'net.Socket';
    if (!owner) return kind;
    const remote = remoteEnd(owner);
    return remote ? `${kind} connected to ${remote}` : `${kind} (not connected)`;
  },
  fallback: 'donor',
  rank: RANK.socket,
  stdio: true,
};
