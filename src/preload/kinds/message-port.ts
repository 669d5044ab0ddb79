// A MessagePort (MESSAGEPORT) still receiving.
import { RANK, trackWithStack, type Kind } from './kind.js';
import { callHasRef, hasRef, type Bag } from './native.js';

export const messagePort: Kind = {
  types: ['MESSAGEPORT'],
  init: trackWithStack,
  // A closed port and an unref'd one look the same; neither holds the process or loses work.
  alive: (entry) => callHasRef(entry.resource as Bag) === true,
  refed: hasRef,
  describe: () => 'MessagePort (receiving)',
  fallback: 'donor',
  rank: RANK.port,
  stdio: false,
};
