// net.Server / http.Server listening (TCPSERVERWRAP, PIPESERVERWRAP).
import { captureStack, HANDLE_FRAMES } from '../hooks/capture.js';
import { isArray, SafeSet } from '../builtins.js';
import { RANK, track, trackWithStack, type Kind } from './kind.js';
import { call, formatAddress, hasRef, nativeAlive, ownerOf } from './native.js';

export const SERVER_TYPES: ReadonlySet<string> = new SafeSet(['TCPSERVERWRAP', 'PIPESERVERWRAP']);

export const server: Kind = {
  types: [...SERVER_TYPES],
  init: trackWithStack,
  alive: nativeAlive,
  refed: hasRef,
  describe(entry) {
    const owner = ownerOf(entry.resource);
    const name = owner?.constructor && (owner.constructor as { name?: string }).name;
    const label =
      name === 'Server' && typeof owner?.setTimeout === 'function' && 'maxHeadersCount' in owner
        ? 'http.Server'
        : 'net.Server';
    const address = owner ? formatAddress(call(owner, 'address')) : undefined;
    return address ? `${label} listening on ${address}` : `${label} (not listening)`;
  },
  // listen(port, host) makes the handle on a later tick (below): it takes that tick's stack.
  fallback: 'donor',
  rank: RANK.server,
  stdio: true,
};

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
