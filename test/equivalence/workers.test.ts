// worker.terminate() under the preload: the terminated worker is asked for its report first, and
// the program cannot tell (same stdout: terminate()'s name, length and enumerability, what it
// resolves to, the 'exit' event's code and listener count, every message on the program's ports).
// The preload goes in through NODE_OPTIONS as the wrapper puts it; with no report directory each
// worker prints its report on stderr, so 'report' also says the terminated worker reported.
import { defineCases } from './helpers.js';

defineCases('equivalence: worker threads stopped by terminate()', [
  {
    fixture: '../workers/terminate-idle.mjs',
    what: 'terminate() of an idle worker',
    report: 'report',
    exit: { code: 0 },
    stdoutHas: ['exit event 1 exit listeners 2', 'resolved 1 then undefined'],
    run: { via: 'node-options' },
  },
  {
    fixture: '../workers/terminate-echo.mjs',
    what: 'terminate() of a worker that answers messages',
    report: 'report',
    exit: { code: 0 },
    stdoutHas: ['terminate 1 messages 3 echo 1,echo 2,echo 3'],
    run: { via: 'node-options' },
  },
]);
