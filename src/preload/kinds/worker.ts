// A worker thread (WORKER) still running.
import { RANK, trackWithStack, type Kind } from './kind.js';
import { hasRef, nativeAlive, type Bag } from './native.js';

export const worker: Kind = {
  types: ['WORKER'],
  init: trackWithStack,
  alive: nativeAlive,
  refed: hasRef,
  describe(entry) {
    const threadId = (entry.resource as Bag).threadId;
    return `worker thread${typeof threadId === 'number' ? ` #${threadId}` : ''}`;
  },
  fallback: 'donor',
  rank: RANK.worker,
  stdio: false,
  // module.register() starts Node's own hooks thread (new InternalWorker / AsyncLoaderHookWorker
  // in node:internal/modules/esm/hooks) from the user's register() call.
  internal: (raw) => raw.some((frame) => frame.file === 'node:internal/modules/esm/hooks'),
};
