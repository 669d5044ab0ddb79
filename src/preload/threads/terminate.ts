// worker.terminate() stops a thread "as soon as possible" without running any more of its JS: no
// 'exit' event, no process.exit() inside it (https://nodejs.org/api/worker_threads.html#workerterminate),
// so it cannot report on its own. Every terminate() is wrapped to ask the worker first.
//
// The program must not be able to tell: the wrapper is defined as the original is (same name,
// length, non-enumerable), calls the original with the same `this` and arguments, and returns its
// promise untouched (it resolves to the exit code, 1; a second call to undefined). Nothing is
// posted on the program's ports. Tinypool, piscina, jest-worker and vitest's thread pools all stop
// their workers through it, and Worker.prototype[Symbol.asyncDispose] (`await using`) calls it.
import { workerThreads } from '../thread.js';

// Node's own threadId getter, taken when the wrapper is installed: a subclass's getter of the same
// name is the program's.
let threadIdGetter: (() => unknown) | undefined;

function threadIdOf(worker: unknown): number {
  try {
    const id: unknown = threadIdGetter ? Reflect.apply(threadIdGetter, worker, []) : -1;
    return typeof id === 'number' ? id : -1;
  } catch {
    // Not a Worker: the original terminate() throws for it, as it always did.
    return -1;
  }
}

/** `beforeTerminate(threadId)` runs before the real terminate(); it must not throw. */
export function wrapTerminate(beforeTerminate: (threadId: number) => void): void {
  const prototype = workerThreads().Worker.prototype;
  threadIdGetter = Object.getOwnPropertyDescriptor(prototype, 'threadId')?.get;
  const descriptor = Object.getOwnPropertyDescriptor(prototype, 'terminate');
  const original: unknown = descriptor?.value;
  if (!descriptor || !descriptor.configurable || typeof original !== 'function') return;
  // A method (not a function expression): no prototype, not constructible, like the original.
  const { terminate } = {
    terminate(this: unknown, ...args: unknown[]): unknown {
      const id = threadIdOf(this);
      if (id > 0) beforeTerminate(id);
      return Reflect.apply(original, this, args);
    },
  };
  Object.defineProperty(terminate, 'length', { value: original.length });
  Object.defineProperty(prototype, 'terminate', { ...descriptor, value: terminate });
}
