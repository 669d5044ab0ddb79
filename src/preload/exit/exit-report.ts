// What happens once an exit is seen (exit/intercept.ts decides when): a snapshot of what is still
// pending becomes this thread's report, written for the wrapper or printed on stderr.
import { threadId } from '../thread.js';
import asyncHooks from 'node:async_hooks';
import { writeSync } from 'node:fs';
import { applyIgnore } from '../../report/filter.js';
import { countFailures, summarize } from '../../report/gate.js';
import { merge } from '../../report/merge.js';
import type { ExitReason, ProcessInfo, Report, Task } from '../../report/types.js';
import { REPORT_VERSION } from '../../report/types.js';
import { elapsedMs } from '../builtins.js';
import { commandLine } from '../command-line.js';
import type { PreloadConfig } from '../config.js';
import { stopTracking, trackerFailed } from '../hooks/tracker.js';
import { withIntrinsics } from '../intrinsics.js';
import { snapshot } from '../snapshot/snapshot.js';
import { perTestFindings } from '../checks/per-test.js';
import { activeRunner, checkSettling } from '../runners/index.js';
import { endFinalReport, startFinalReport } from '../threads/threads.js';
import { writeReport } from '../write/write-report.js';

// Taken at load: a program may replace the module's exports.
const { executionAsyncId } = asyncHooks;

let config: PreloadConfig;
let done = false;
/** A signal another process sent this one (a SIGTERM from the parent that started it, Ctrl-C). */
let stopSignal: string | undefined;

/** exit/intercept.ts: a terminating signal arrived from outside this process. */
export function noteStopSignal(signal: string): void {
  stopSignal ??= signal;
}

export function configureExitReport(cfg: PreloadConfig): void {
  config = cfg;
}

let afterFinal: (() => void) | undefined;

/** register.ts: runs once, after this thread's final report is written (the code cache is made then,
 * when the report's code has been compiled too). */
export function afterFinalReport(listener: () => void): void {
  afterFinal = listener;
}

/** Whether the final report was made (nothing is reported after it). */
export function reported(): boolean {
  return done;
}

function build(reason: ExitReason, code: number | null, signal: string | null): Report {
  // The resource whose callback is running the exit (the timer that calls process.exit()) is
  // finishing, not pending.
  // Tests still settling when the process ends are judged now (--forceExit, --test-force-exit).
  checkSettling();
  const perTest = perTestFindings();
  const snap = trackerFailed()
    ? { tasks: [], unrecordedAwaits: 0 }
    : snapshot({ exclude: executionAsyncId(), reported: perTest.judged });
  const runner = activeRunner();
  // Stopped on request: a process another one told to stop (a daemon a test starts and then
  // signals, which exits from its SIGTERM handler) held its handles for its work, not by mistake.
  // Not a test runner's worker (its tasks outlived the tests) nor a pool's (IPC) worker.
  const onRequest = stopSignal !== undefined && runner === undefined && !process.channel;
  const atExit = onRequest ? snap.tasks.map((task) => ({ ...task, severity: 'warning' as const })) : snap.tasks;
  const exit: ProcessInfo['exit'] =
    stopSignal === undefined ? { reason, code, signal } : { reason, code, signal, stoppedBy: stopSignal };
  return threadReport([...perTest.tasks, ...atExit], exit, snap.unrecordedAwaits);
}

/** This thread's report of `tasks` (normalised, the ignore rules applied) with its process record:
 * at exit, and for `lingering ps` (exit reason `running`). */
export function threadReport(tasks: Task[], exit: ProcessInfo['exit'], unrecordedAwaits: number): Report {
  // Grouped here already (identical creation sites as one task with a count): a process with a
  // hundred thousand pending timers writes a small report.
  let report: Report = merge([{ version: REPORT_VERSION, processes: [], tasks }]);
  if (config.ignore.length > 0) report = applyIgnore(report, config.ignore);
  const { errors, warnings } = summarize(report);
  const info: ProcessInfo = {
    pid: process.pid,
    ppid: process.ppid,
    argv: commandLine(),
    exit,
    threadId,
    errors,
    warnings,
    uptimeMs: Math.round(process.uptime() * 1000),
  };
  if (unrecordedAwaits > 0) info.unrecordedAwaits = unrecordedAwaits;
  const runner = activeRunner();
  if (runner !== undefined) info.runner = runner;
  return { version: REPORT_VERSION, processes: [info], tasks: report.tasks };
}

/** Builds and writes this thread's report. `final`: the thread is ending; tracking stops and no
 * later report is made. Otherwise an interim snapshot a later report replaces. Never throws. */
export function reportExit(
  reason: ExitReason,
  code: number | null,
  signal: string | null,
  final: boolean,
): Report | undefined {
  if (done) return undefined;
  if (final) {
    done = true;
    stopTracking();
    // Our worker threads stop with us without running any more JS: they report first.
    startFinalReport();
  }
  try {
    return withIntrinsics(() => {
      const started = elapsedMs();
      const r = build(reason, code, signal);
      writeReport(r, config.reportDir, threadId);
      if (config.debug) debugCost(r, elapsedMs() - started);
      return r;
    });
  } catch (error) {
    // A crash while reporting must not change how the program ends.
    try {
      process.stderr.write(
        `lingering: could not build the report: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    } catch {
      // stderr is gone too.
    }
    return undefined;
  } finally {
    if (final) {
      try {
        afterFinal?.();
      } catch {
        // Never into the program's exit path.
      }
      // Written or not, a parent waiting for this report need not wait any longer.
      endFinalReport();
    }
  }
}

/** NODE_DEBUG=lingering, in the format of Node's util.debuglog (written synchronously: we are exiting). */
function debugCost(r: Report, ms: number): void {
  const info = r.processes[0]!;
  const tasks = (info.errors ?? 0) + (info.warnings ?? 0);
  const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  writeSync(
    2,
    `LINGERING ${process.pid}: report of ${tasks} tasks in ${r.tasks.length} entries built in ${Math.round(ms)} ms; max RSS ${maxRssMb} MB\n`,
  );
}

/** Whether this report should fail the exit (LINGERING_FAIL: the same gate as the wrapper's). */
export function failing(r: Report | undefined): boolean {
  return r !== undefined && config.fail && countFailures(r, { strict: config.strict }) > 0;
}
