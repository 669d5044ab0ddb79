// Every thread that runs the preload reports what it held when it was stopped, or its parent says
// that it could not. A worker stopped by terminate(), or by its parent thread's exit, runs no more
// JS (https://nodejs.org/api/worker_threads.html#workerterminate), so whoever stops it asks it for
// its report first (requests.ts) and waits, bounded:
//  - terminate() (terminate.ts) asks the one worker;
//  - a thread's own final report (exit/exit-report.ts: every exit path) asks all its live children
//    first: they die with it. A worker asked this way asks its own children in turn.
// The asked worker writes its report (exit reason 'terminated') and then freezes until the
// terminate lands. A worker that does not answer (busy in synchronous code) costs the
// acknowledge bound, and its parent writes a report for it that says it could not report.
import { isMainThread } from '../thread.js';
import { writeSync } from 'node:fs';
import { elapsedMs, SafeSet } from '../builtins.js';
import type { PreloadConfig } from '../config.js';
import { sliceAtomicsWait } from './atomics-wait.js';
import { writeMissingReport } from './missing-report.js';
import { forgetChild, joinRegistry, liveChildren, ownSlot } from './registry.js';
import { announceStarted, announceWritten, asked, freeze, listen, requestReports } from './requests.js';
import { wrapTerminate } from './terminate.js';
import { beforeWorkers } from '../kinds/worker.js';

/** How long an answering worker has to write its report, and then to stay frozen. */
const WRITE_MS = 5000;

let config: PreloadConfig;
let finalReport: () => void = () => {};
/** Children we called terminate() on: they are not asked again at our exit. */
const stopped = new SafeSet<number>();

/** Asked by the parent: report now, then run nothing more. */
function answer(): void {
  if (!asked()) return;
  finalReport();
  freeze(WRITE_MS);
}

/** `report` makes this thread's final report with exit reason 'terminated'. Called before
 * tracking starts, so that what a worker listens with is not a tracked resource. Never throws.
 * The main thread is never terminated: it only asks, and only once it made a worker (node:worker_threads
 * is not loaded before: thread.ts). */
export function startThreads(cfg: PreloadConfig, report: () => void): void {
  config = cfg;
  finalReport = report;
  if (isMainThread) {
    beforeWorkers(setUp);
    return;
  }
  if (setUp()) {
    listen(answer);
    sliceAtomicsWait(() => ownSlot >= 0, answer);
  }
}

let setUpDone = false;

/** Joins the parent's table, publishes ours for the workers we make, wraps terminate(). Whether we
 * joined a parent. */
function setUp(): boolean {
  if (setUpDone) return false;
  setUpDone = true;
  try {
    const joined = joinRegistry();
    wrapTerminate(stopChild);
    return joined;
  } catch {
    // Without it, terminated workers leave no report and the wrapper counts them as missing.
    return false;
  }
}

function stopChildren(ids: number[]): void {
  if (ids.length === 0) return;
  const started = elapsedMs();
  const unanswered = requestReports(ids, { acknowledgeMs: config.terminateWaitMs, writeMs: WRITE_MS });
  if (config.reportDir)
    for (let i = 0; i < unanswered.length; i++) writeMissingReport(config.reportDir, unanswered[i]!);
  if (config.debug) {
    const ms = Math.round(elapsedMs() - started);
    const missing = unanswered.length === 0 ? '' : `; no report from ${unanswered.join(', ')}`;
    writeSync(2, `LINGERING ${process.pid}: asked threads ${ids.join(', ')} to report: ${ms} ms${missing}\n`);
  }
}

/** Before worker.terminate() of the child `threadId`. */
function stopChild(threadId: number): void {
  try {
    if (stopped.has(threadId)) return;
    stopped.add(threadId);
    stopChildren([threadId]);
    // It stops now whether or not it answered.
    forgetChild(threadId);
  } catch {
    // terminate() goes on as it always did.
  }
}

/** This thread's final report starts (any exit path, or asked): a parent waiting for it goes on
 * waiting, and the children report first, since they die with this thread. Never throws. */
export function startFinalReport(): void {
  try {
    announceStarted();
    const live = liveChildren();
    const ids: number[] = [];
    for (let i = 0; i < live.length; i++) if (!stopped.has(live[i]!)) ids[ids.length] = live[i]!;
    stopChildren(ids);
  } catch {
    // Our own report comes first.
  }
}

/** This thread's final report is written: the parent no longer waits for it. Never throws. */
export function endFinalReport(): void {
  try {
    announceWritten();
  } catch {
    // Nothing waits on a thread that could not say so for longer than the bounds.
  }
}
