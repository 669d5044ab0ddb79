// A worker thread (WORKER) still running.
import { RANK, trackWithStack, type Kind } from './kind.js';
import { hasRef, nativeAlive, type Bag } from './native.js';

const before: Array<() => void> = [];

/** `callback` runs when a worker is being made, inside its constructor: early enough for
 * setEnvironmentData to reach it (Node posts the environment data after making the handle). */
export function beforeWorkers(callback: () => void): void {
  before.push(callback);
}

export const worker: Kind = {
  types: ['WORKER'],
  init(id, type, trigger, resource) {
    for (const callback of before) callback();
    trackWithStack(id, type, trigger, resource);
  },
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
