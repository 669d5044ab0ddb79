// fs.watch() (FSEVENTWRAP) and fs.watchFile() (STATWATCHER) watchers still watching.
import { RANK, trackWithStack, type Kind } from './kind.js';
import { hasRef, nativeAlive } from './native.js';

export const watcher: Kind = {
  types: ['FSEVENTWRAP', 'STATWATCHER'],
  init: trackWithStack,
  alive: nativeAlive,
  refed: hasRef,
  describe: (entry) => (entry.type === 'FSEVENTWRAP' ? 'fs.watch() watcher' : 'fs.watchFile() watcher'),
  fallback: 'donor',
  rank: RANK.watcher,
  stdio: false,
};
