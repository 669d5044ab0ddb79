// Every other resource type: in-flight requests (fs callbacks, dns lookups, ...) and handles this
// tool has no kind of its own for (HTTP/2 sessions, ...).
import { RANK, trackWithStack, type Kind } from './kind.js';
import { hasRef, nativeAlive, type Bag } from './native.js';

export const other: Kind = {
  types: [],
  init: trackWithStack,
  alive: nativeAlive,
  refed: hasRef,
  describe(entry) {
    switch (entry.type) {
      case 'GETADDRINFOREQWRAP':
        return `dns.lookup(${JSON.stringify((entry.resource as Bag).hostname ?? '?')}) in flight`;
      case 'FSREQCALLBACK':
        return 'fs operation in flight';
    }
    return `${entry.type} resource`;
  },
  fallback: 'donor',
  rank: RANK.other,
  stdio: true,
};
