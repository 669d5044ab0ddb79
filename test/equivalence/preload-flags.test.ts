// The other ways in: --require for an ESM entry, --import for a CommonJS one, and NODE_OPTIONS
// (how the wrapper injects the preload, which also reaches workers and every child).
import { defineCases } from './helpers.js';

defineCases('equivalence: other ways to load the preload', [
  {
    fixture: 'uncaught-throw.mjs',
    what: 'uncaught exception',
    report: 'report',
    exit: { code: 1 },
    run: { via: 'require' },
  },
  {
    fixture: 'stack-overflow.mjs',
    what: 'stack overflows',
    report: 'clean',
    exit: { code: 0 },
    run: { via: 'require' },
  },
  {
    fixture: 'uncaught-in-timer.cjs',
    what: 'uncaught exception in a timer',
    report: 'report',
    exit: { code: 1 },
    run: { via: 'import' },
  },
  {
    fixture: 'exit-code-with-pending-task.cjs',
    what: 'exitCode with a pending task',
    report: 'report',
    exit: { code: 4 },
    run: { via: 'import' },
  },
  {
    fixture: 'sigterm-self-default.mjs',
    what: 'SIGTERM default action',
    report: 'report',
    exit: { code: null, signal: 'SIGTERM' },
    run: { via: 'node-options' },
  },
  {
    fixture: 'big-stdout.mjs',
    what: '8 MiB to a pipe',
    report: 'clean',
    exit: { code: 0 },
    run: { via: 'node-options' },
  },
  { fixture: 'worker.mjs', what: 'a worker thread', report: 'clean', exit: { code: 0 }, run: { via: 'node-options' } },
  {
    fixture: 'commonjs-package/tool.ts',
    what: 'plain CommonJS in a .ts file (an --import would send it through the ESM loader: fails on Node 20)',
    report: 'clean',
    exit: { code: 0 },
    stdoutHas: ['ran tool.ts'],
    run: { via: 'node-options' },
  },
  {
    fixture: 'fork-child.cjs',
    what: 'a forked child',
    report: 'clean',
    exit: { code: 0 },
    run: { via: 'node-options' },
  },
]);
