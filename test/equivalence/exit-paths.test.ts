// Every way a process ends (SPEC.md, "at exit (every exit path ...)"), plain and preloaded.
import { defineCases } from './helpers.js';

defineCases('equivalence: exit paths', [
  { fixture: 'exit-in-exit-handler.mjs', what: 'process.exit() inside an exit listener', report: 'report', exit: { code: 7 }, stdoutHas: ['exit listener saw 0'] },
  { fixture: 'exit-in-prepended-exit-handler.cjs', what: 'an exit listener before all others exits', report: 'report', exit: { code: 5 } },
  { fixture: 'exit-code-set.mjs', what: 'process.exitCode and a natural exit', report: 'clean', exit: { code: 3 } },
  { fixture: 'exit-code-with-pending-task.cjs', what: 'process.exitCode with an async function waiting forever', report: 'report', exit: { code: 4 } },
  { fixture: 'exit-without-code.mjs', what: 'process.exit() without a code uses process.exitCode', report: 'report', exit: { code: 9 } },
  { fixture: 'uncaught-throw.mjs', what: 'uncaught exception in module code', report: 'report', exit: { code: 1 }, stdoutHas: ['before the throw'], stderrHas: ['Error: boom\n'] },
  { fixture: 'uncaught-in-timer.cjs', what: 'uncaught exception in a timer callback', report: 'report', exit: { code: 1 }, stderrHas: ['TypeError: late boom'] },
  { fixture: 'uncaught-exception-handler.cjs', what: "the program's own uncaughtException listener", report: 'clean', exit: { code: 0 }, stdoutHas: ['handled oops uncaughtException', 'still running'] },
  { fixture: 'uncaught-exception-monitor.mjs', what: 'uncaughtExceptionMonitor, then the crash', report: 'clean', exit: { code: 1 }, stdoutHas: ['monitor watched uncaughtException'] },
  { fixture: 'unhandled-rejection.mjs', what: 'unhandled rejection (default mode: throw)', report: 'report', exit: { code: 1 }, stderrHas: ['Error: nobody handles this'] },
  { fixture: 'unhandled-rejection-warn.cjs', what: 'unhandled rejection with --unhandled-rejections=warn', report: 'clean', exit: { code: 0 }, stdoutHas: ['survived'], stderrHas: ['UnhandledPromiseRejectionWarning: Error: only a warning'], run: { nodeArgs: ['--unhandled-rejections=warn'] } },
  { fixture: 'unhandled-rejection-handler.mjs', what: "the program's own unhandledRejection listener", report: 'clean', exit: { code: 0 }, stdoutHas: ['done'] },
  { fixture: 'unsettled-top-level-await.mjs', what: 'a top-level await that never settles (exit code 13)', report: 'any', exit: { code: 13 } },
  { fixture: 'before-exit-more-work.mjs', what: 'beforeExit schedules more work', report: 'clean', exit: { code: 0 }, stdoutHas: ['round 3 code 0', 'exit 0 after 4 rounds'] },
  { fixture: 'exit-listener-stderr.mjs', what: 'the program writes to stderr from its exit listener', report: 'report', exit: { code: 0 }, stderrHas: ['user exit listener, code 0'] },
  { fixture: 'write-callback-exit.cjs', what: 'process.exit() in the callback of the last write', report: 'clean', exit: { code: 6 }, stdoutHas: ['last'] },
]);
