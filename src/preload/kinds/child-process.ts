// A child process (PROCESSWRAP) not yet exited.
import { RANK, trackWithStack, type Kind } from './kind.js';
import { hasRef, nativeAlive, ownerOf } from './native.js';

export const childProcess: Kind = {
  types: ['PROCESSWRAP'],
  init: trackWithStack,
  alive: nativeAlive,
  refed: hasRef,
  describe(entry) {
    const owner = ownerOf(entry.resource);
    const args = owner?.spawnargs as string[] | undefined;
    const pid = owner?.pid as number | undefined;
    return `child process "${args?.join(' ') ?? '?'}"${pid ? ` (pid ${pid})` : ''}`;
  },
  fallback: 'donor',
  rank: RANK.process,
  stdio: false,
};
