// A dgram socket (UDPWRAP) not closed.
import { RANK, trackWithStack, type Kind } from './kind.js';
import { call, formatAddress, hasRef, nativeAlive, ownerOf } from './native.js';

export const udp: Kind = {
  types: ['UDPWRAP'],
  init: trackWithStack,
  alive: nativeAlive,
  refed: hasRef,
  describe(entry) {
    const owner = ownerOf(entry.resource);
    const address = owner ? formatAddress(call(owner, 'address')) : undefined;
    return address ? `dgram socket bound to ${address}` : 'dgram socket';
  },
  fallback: 'donor',
  rank: RANK.udp,
  stdio: true,
};
