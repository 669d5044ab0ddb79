// error.stack is program output: byte for byte the same, whatever the program did to stack traces.
import { defineCases } from './helpers.js';

defineCases('equivalence: stack traces', [
  {
    fixture: 'error-stack-default.cjs',
    what: 'default stacks, sync, async and from a timer',
    report: 'clean',
    exit: { code: 0 },
  },
  {
    fixture: 'prepare-stack-trace.mjs',
    what: "the program's own Error.prepareStackTrace",
    report: 'report',
    exit: { code: 0 },
  },
  {
    fixture: 'stack-trace-limit-zero.cjs',
    what: 'Error.stackTraceLimit = 0',
    report: 'report',
    exit: { code: 0 },
    stdoutHas: ['"Error: still none" 0'],
  },
  {
    fixture: 'source-map-support.cjs',
    what: 'the program installs source-map-support',
    report: 'clean',
    exit: { code: 0 },
    stdoutHas: ['Error: job alpha failed\n    at explode (', 'source-map/caught.ts:12:9)'],
  },
  {
    fixture: 'source-map-support-uncaught.cjs',
    what: "source-map-support's own uncaught exception handler",
    report: 'report',
    exit: { code: 1 },
    stderrHas: ['Error: job beta failed\n    at explode (', 'source-map/uncaught.ts:12:9)'],
  },
]);
