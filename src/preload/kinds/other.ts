// Every other resource type: handles this tool has no kind of its own for (HTTP/2 sessions, ...).
import { RANK, trackWithStack, type Kind } from './kind.js';
import { hasRef, nativeAlive } from './native.js';

export const other: Kind = {
  types: [],
  init: trackWithStack,
  alive: nativeAlive,
  refed: hasRef,
  describe: (entry) => `${entry.type} resource`,
  fallback: 'donor',
  rank: RANK.other,
  stdio: true,
};
