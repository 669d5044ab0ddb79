// ava 6 to 8 (ESM only: its classes cannot be reached from a CommonJS preload). Read: ava 6.4
// lib/test.js (Test#callFn calls the test or hook implementation:
// `return [true, this.fn.call(null, this.createExecutionContext())];`, the same line in ava 8),
// lib/fork.js (a worker thread gets workerData { options } with options.file, the test file; or a
// child process runs lib/worker/base.js).
//
// Where Node has module.registerHooks (22.15+, 23.5+: synchronous hooks in the same thread), the
// worker's lib/test.js is loaded with one call added on that line, before the implementation runs:
// it makes the test current (enterWith: attribution is by async context, so concurrent ava tests
// are each named right) and tells the await budget a test started. No frame of ours is on the
// test's stack; line numbers stay. On Node 20 ava's tests run untouched and nothing names them; so
// that a test after a burst of awaits is still found, every await in an ava worker gets a stack
// (ava's worker runs little but the tests).
import { createRequire } from 'node:module';
import { isMainThread, workerThreads } from '../thread.js';
import { askEveryAwait, enterTest, setActiveRunner } from './context.js';
import { testFile, type TestRef } from './test-ref.js';

const require = createRequire(__filename);
const CALL = 'return [true, this.fn.call(null, this.createExecutionContext())];';
const HOOK = Symbol.for('lingering.ava');

interface Runnable {
  title?: string;
  metadata?: { type?: string };
}

function avaWorker(argv: readonly string[]): { file: string } | undefined {
  if (!isMainThread) {
    const file = (workerThreads().workerData as { options?: { file?: unknown } } | null)?.options?.file;
    return typeof file === 'string' ? { file } : undefined;
  }
  // workerThreads: false: a child process per file, told which file only later, over IPC.
  if (/[\\/]ava[\\/]lib[\\/]worker[\\/]base\.js$/.test(argv[1] ?? '')) return { file: '' };
  return undefined;
}

export function installAva(argv: readonly string[]): void {
  const worker = avaWorker(argv);
  const { registerHooks } = require('node:module') as { registerHooks?: (hooks: object) => unknown };
  if (worker === undefined) return;
  setActiveRunner('ava');
  if (typeof registerHooks !== 'function') {
    askEveryAwait();
    return;
  }
  const file = worker.file ? testFile(worker.file) : '(ava test file)';
  const refs = new WeakMap<object, TestRef>();
  (globalThis as Record<symbol, unknown>)[HOOK] = (test: Runnable) => {
    try {
      let ref = refs.get(test);
      if (ref === undefined) {
        const name = test.title ?? '(test)';
        ref = { file, name, runner: 'ava', junit: { classname: file, name }, key: test };
        refs.set(test, ref);
      }
      enterTest(ref);
    } catch {
      // The test runs as it would.
    }
  };
  registerHooks({
    load(url: string, context: unknown, nextLoad: (url: string, context: unknown) => { source?: unknown }) {
      const result = nextLoad(url, context);
      if (!/\/ava\/lib\/test\.js$/.test(url) || result.source === undefined) return result;
      const source = String(result.source);
      if (!source.includes(CALL)) return result;
      // On the same line: line numbers in ava's own stacks do not move.
      const call = `globalThis[Symbol.for('lingering.ava')]?.(this); ${CALL}`;
      return { ...result, source: source.replace(CALL, call) };
    },
  });
}
