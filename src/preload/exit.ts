// Every exit path ends in one report: the loop drained, process.exit(), an uncaught exception or
// unhandled rejection, and SIGINT/SIGTERM/SIGHUP. The program must end exactly as it would have
// without us: a signal with no handler of the program's own still kills the process by that
// signal (we report, remove our listener and raise it again); with the program's own handler,
// that handler decides and we only leave a snapshot for the wrapper.
import { isMainThread, threadId } from 'node:worker_threads';
import type { ExitReason, Report } from '../report/types.js';
import { REPORT_VERSION } from '../report/types.js';
import { countFailures, summarize } from '../report/gate.js';
import { capture, readFrames } from './capture.js';
import { collectTasks } from './collect.js';
import type { PreloadConfig } from './config.js';
import { stopTracking, trackerFailed } from './tracker.js';
import { loadFormatter, writeReport } from './write-report.js';
import { withIntrinsics } from './intrinsics.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

let config: PreloadConfig;
let done = false;
let uncaught = false;

function exitWasCalled(): boolean {
  const frames = readFrames(capture(16, exitWasCalled));
  return frames.some((f) => f.file === 'node:internal/process/per_thread' && /(^|\.)exit$/.test(f.fn));
}

function build(reason: ExitReason, code: number | null, signal: string | null): Report {
  let tasks = trackerFailed() ? [] : collectTasks();
  if (config.ignore.length > 0 && tasks.length > 0) {
    tasks = loadFormatter().applyIgnore({ version: REPORT_VERSION, processes: [], tasks }, config.ignore).tasks;
  }
  const { errors, warnings } = summarize({ version: REPORT_VERSION, processes: [], tasks });
  return {
    version: REPORT_VERSION,
    processes: [
      {
        pid: process.pid,
        ppid: process.ppid,
        argv: [...process.argv],
        exit: { reason, code, signal },
        threadId,
        errors,
        warnings,
      },
    ],
    tasks,
  };
}

function report(reason: ExitReason, code: number | null, signal: string | null, final: boolean): Report | undefined {
  if (done) return undefined;
  if (final) {
    done = true;
    stopTracking();
  }
  try {
    return withIntrinsics(() => {
      const r = build(reason, code, signal);
      writeReport(r, config.reportDir, threadId);
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
  }
}

function onExit(code: number): void {
  const reason: ExitReason = uncaught ? 'uncaught' : exitWasCalled() ? 'exit' : 'natural';
  const r = report(reason, code, null, true);
  if (!r || !config.fail) return;
  // The same gate as the wrapper's (report/gate.ts).
  const failing = countFailures(r, { strict: config.strict }) > 0;
  if (failing && (process.exitCode === undefined || process.exitCode === 0) && code === 0) process.exitCode = 1;
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) {
    // The program handles this signal itself; it may go on running. Leave a snapshot so the
    // wrapper has something if the process is killed next; a later report replaces it.
    if (config.reportDir) report('signal', null, signal, false);
    return;
  }
  report('signal', null, signal, true);
  process.removeListener(signal, onSignal);
  process.kill(process.pid, signal);
}

export function installExitHandlers(cfg: PreloadConfig): void {
  config = cfg;
  process.on('exit', onExit);
  process.on('uncaughtExceptionMonitor', () => {
    // With the program's own 'uncaughtException' handler the process goes on.
    if (process.listenerCount('uncaughtException') === 0) uncaught = true;
  });
  // Signals are delivered to the main thread only.
  if (isMainThread) for (const signal of SIGNALS) process.on(signal, onSignal);
}
