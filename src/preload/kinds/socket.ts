// TCP, pipe and TLS sockets (TCPWRAP, PIPEWRAP, TLSWRAP): what an HTTP request rides on, and
// what a server accepts.
import { captureStack, HANDLE_FRAMES } from '../hooks/capture.js';
import { CaptureBudget } from '../hooks/budget.js';
import { byResource, handles } from '../tables/tables.js';
import { SafeSet } from '../builtins.js';
import { RANK, track, type Kind } from './kind.js';
import { hasRef, nativeAlive, ownerOf } from './native.js';
import { SERVER_TYPES } from './server.js';

export const SOCKET_TYPES: ReadonlySet<string> = new SafeSet(['TLSWRAP', 'TCPWRAP', 'PIPEWRAP']);

/** Keep-alive sockets given to another request: the request's stack, while this lasts. */
const reuseBudget = new CaptureBudget(2000, 64);

export const socket: Kind = {
  types: [...SOCKET_TYPES],
  init(id, type, trigger, resource) {
    const server = handles.get(trigger);
    if (server !== undefined && SERVER_TYPES.has(server.type)) {
      // Accepted by a server, from native code: it has the server's stack, kept here so that it
      // survives the server's close.
      byResource.set(resource, track(id, type, trigger, resource, undefined, server.holder));
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
    if (entry.type === 'PIPEWRAP') return ownerOf(entry.resource) ? 'pipe socket' : 'pipe';
    const kind = entry.type === 'TLSWRAP' ? 'tls.TLSSocket' : 'net.Socket';
    const owner = ownerOf(entry.resource);
    if (!owner) return kind;
    const remote = owner.remoteAddress as string | undefined;
    const port = owner.remotePort as number | undefined;
    if (remote !== undefined) return `${kind} connected to ${remote.includes(':') ? `[${remote}]` : remote}:${port}`;
    return `${kind} (not connected)`;
  },
  fallback: 'donor',
  rank: RANK.socket,
  stdio: true,
};
