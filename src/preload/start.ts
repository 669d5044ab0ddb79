// The preload (dist/preload.cjs, loaded by register.ts): start tracking in this thread (workers
// load it again through execArgv and report for themselves).
// The flow: hooks/ record into tables/; a snapshot/ reads them into tasks; exit/ decides when the
// final report is made and write/ writes it.
import { isMainThread, threadId, workerThreads } from './thread.js';
import { nextTick, now } from './builtins.js';
import { commandLine } from './command-line.js';
import { readConfig } from './config.js';
import { reportExit } from './exit/exit-report.js';
import { installExitHandlers } from './exit/intercept.js';
import { listenForPs } from './live/ps.js';
import { setRoot } from './source/frames.js';
import { startTracking, tableSizes } from './hooks/tracker.js';
import { startThreads } from './threads/threads.js';
import { writeStarted } from './write/write-report.js';
import { installRunners, onEveryAwait, onPhase, onTestStart, setSettleTurns } from './runners/index.js';
import { awaitBudget } from './hooks/promises.js';
import { drainBudgets, refillBudgets } from './hooks/budget.js';
import { startPerTestChecks } from './checks/per-test.js';

// For register.ts, which makes the code cache once this thread has reported.
export { afterFinalReport } from './exit/exit-report.js';

const LOADED = Symbol.for('lingering.register');

function start(): void {
  const config = readConfig(process.env);
  setRoot(config.root);
  if (config.reportDir) {
    const dir = config.reportDir;
    const marker = { pid: process.pid, ppid: process.ppid, threadId, argv: commandLine(), time: now() };
    try {
      writeStarted(dir, marker);
    } catch {
      // An unwritable directory is reported once, at exit, when the report falls back to stderr.
    }
    // A worker's process.argv gets its script (or "[worker eval]") only after its --require preloads ran
    // (lib/internal/main/worker_thread.js): the marker, which names a thread that leaves no report,
    // is written again then, under the same name.
    if (!isMainThread) {
      nextTick(() => {
        try {
          writeStarted(dir, { ...marker, argv: commandLine() });
        } catch {
          // The first marker stays.
        }
      });
    }
  }
  // Exit handlers first: their signal listeners are not tracked resources of the program.
  installExitHandlers(config);
  // `lingering ps <pid>` asks through a signal, for the same reason before tracking.
  listenForPs();
  // Then what a worker is asked for its report with (threads/), for the same reason. A worker
  // asked to report is being stopped by terminate() or by its parent's exit.
  startThreads(config, () => reportExit('terminated', null, null, true));
  // A test's own awaits, timers and fs requests get stacks, however many were made before it.
  onTestStart(refillBudgets);
  onEveryAwait(() => awaitBudget.unlimited());
  // A runner's worker makes its first thousands of awaits and hundreds of fs reads loading the
  // runner, in Node's ESM loader (stacks of Node's and the runner's frames only, never reported):
  // those get sampled stacks only; the code of a test file, from its collection on, gets the full
  // budgets.
  onPhase((phase) => (phase === 'startup' ? drainBudgets() : refillBudgets()));
  setSettleTurns(config.settleTurns);
  installRunners(process.env, process.argv);
  if (config.perTest) startPerTestChecks();
  startTracking(config.promises, config.faultAt);
}

const global = globalThis as { [LOADED]?: true };
// `--require` preloads also run in Node's own thread for module.register() hooks (tsx, loaders):
// a worker with no parent port. It is not the program's.
const hooksThread = !isMainThread && workerThreads().parentPort === null;
if (!global[LOADED] && !hooksThread) {
  global[LOADED] = true;
  if (TEST_HOOKS) {
    // Test builds only, for the memory test and the bench: table sizes must follow what is pending.
    Object.defineProperty(globalThis, Symbol.for('lingering.tables'), { value: tableSizes, enumerable: false });
  }
  start();
}
