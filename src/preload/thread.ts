// Which thread this is. node:worker_threads costs ~3 ms to load in the main thread (it loads Node's
// streams), and most observed processes never start a worker: there it is loaded only when a
// worker is made (kinds/worker.ts) or asked for. A worker thread has it loaded already.
//
// In a worker, Node replaces process.chdir with a function that throws, named unavailableInWorker
// (lib/internal/bootstrap/switches/does_not_own_process_state.js, Node 20 to 26); the preload runs
// before any program code could replace it. Any other name: the module decides.
import { createRequire } from 'node:module';

const require = createRequire(__filename);
type WorkerThreads = typeof import('node:worker_threads');

let module: WorkerThreads | undefined;

export function workerThreads(): WorkerThreads {
  module ??= require('node:worker_threads') as WorkerThreads;
  return module;
}

const chdir = (process.chdir as { name?: string } | undefined)?.name;

export const isMainThread: boolean =
  chdir === 'wrappedChdir' ? true : chdir === 'unavailableInWorker' ? false : workerThreads().isMainThread;

/** 0 in the main thread. */
export const threadId: number = isMainThread ? 0 : workerThreads().threadId;
