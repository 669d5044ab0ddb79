// Every exit path ends in one report: the loop drained, process.exit(), an uncaught exception or
// unhandled rejection, and SIGINT/SIGTERM/SIGHUP. The program must end exactly as it would have
// without us: a signal with no handler of the program's own still kills the process by that
// signal (we report, remove our listener and raise it again); with the program's own handler,
// that handler decides and we only leave a snapshot for the wrapper.
//
// No listener of ours is visible to the program (programs and libraries branch on listener counts):
// exits are seen by wrapping process.emit and process.reallyExit, as signal-exit does, and the
// signal listeners (a signal is only caught with one) are left out of what process.listeners(),
// rawListeners(), listenerCount() and eventNames() return.
import { writeSync } from 'node:fs';
import { isMainThread, threadId } from 'node:worker_threads';
import type { ExitReason, ProcessInfo, Report } from '../report/types.js';
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
  const collected = trackerFailed() ? { tasks: [], unrecordedAwaits: 0 } : collectTasks();
  let tasks = collected.tasks;
  if (tasks.length > 0) {
    // Grouped here already (identical creation sites as one task with a count): a process with a
    // hundred thousand pending timers writes a small report.
    const formatter = loadFormatter();
    tasks = formatter.merge([{ version: REPORT_VERSION, processes: [], tasks }]).tasks;
    if (config.ignore.length > 0)
      tasks = formatter.applyIgnore({ version: REPORT_VERSION, processes: [], tasks }, config.ignore).tasks;
  }
  const { errors, warnings } = summarize({ version: REPORT_VERSION, processes: [], tasks });
  const info: ProcessInfo = {
    pid: process.pid,
    ppid: process.ppid,
    argv: [...process.argv],
    exit: { reason, code, signal },
    threadId,
    errors,
    warnings,
  };
  if (collected.unrecordedAwaits > 0) info.unrecordedAwaits = collected.unrecordedAwaits;
  return { version: REPORT_VERSION, processes: [info], tasks };
}

function report(reason: ExitReason, code: number | null, signal: string | null, final: boolean): Report | undefined {
  if (done) return undefined;
  if (final) {
    done = true;
    stopTracking();
  }
  try {
    return withIntrinsics(() => {
      const started = performance.now();
      const r = build(reason, code, signal);
      writeReport(r, config.reportDir, threadId);
      if (config.debug) debugCost(r, performance.now() - started);
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
function failing(r: Report | undefined): boolean {
  return r !== undefined && config.fail && countFailures(r, { strict: config.strict }) > 0;
}

/** After every 'exit' listener of the program has run: what they closed is not reported. */
function onExit(emitted: number): void {
  const reason: ExitReason = uncaught ? 'uncaught' : exitWasCalled() ? 'exit' : 'natural';
  // A listener may have set process.exitCode; Node exits with it.
  const code = process.exitCode === undefined || process.exitCode === null ? emitted : Number(process.exitCode) || 0;
  const r = report(reason, code, null, true);
  // Node reads process.exitCode again once 'exit' has been emitted.
  if (failing(r) && (process.exitCode === undefined || process.exitCode === 0) && code === 0) process.exitCode = 1;
}

// signal-exit re-raises a signal only when its own listeners are the only ones; readline and
// libraries install a default SIGINT handler when there is none.
type Lister = (this: unknown, event: string | symbol) => Function[];
const original = {
  emit: process.emit as (this: unknown, event: string | symbol, ...args: unknown[]) => boolean,
  reallyExit: (process as unknown as { reallyExit: (code: number) => never }).reallyExit,
  listeners: process.listeners as Lister,
  rawListeners: process.rawListeners as Lister,
  listenerCount: process.listenerCount as (this: unknown, event: string | symbol) => number,
  eventNames: process.eventNames as (this: unknown) => Array<string | symbol>,
};

let signalsHooked = false;
/** Set while Node's own 'removeListener' handler runs: it stops watching a signal when
 * process.listenerCount() says 0, and must see ours to keep watching. */
let nodeIsCounting = false;

function ours(event: unknown): boolean {
  return (
    signalsHooked && !nodeIsCounting && typeof event === 'string' && (SIGNALS as readonly string[]).includes(event)
  );
}

function onSignal(signal: NodeJS.Signals): void {
  if (original.listenerCount.call(process, signal) > 1) {
    // The program handles this signal itself; it may go on running. Leave a snapshot so the
    // wrapper has something if the process is killed next; a later report replaces it.
    if (config.reportDir) report('signal', null, signal, false);
    return;
  }
  report('signal', null, signal, true);
  process.removeListener(signal, onSignal);
  process.kill(process.pid, signal);
}

/** Defines a replacement the way the original was defined (own or inherited, enumerable or not). */
function replace(name: keyof typeof original, value: Function): void {
  const own = Object.getOwnPropertyDescriptor(process, name);
  Object.defineProperty(process, name, {
    value,
    writable: true,
    configurable: true,
    enumerable: own?.enumerable ?? false,
  });
}

function hideSignalListeners(): void {
  const withoutOurs = (list: Function[]): Function[] => list.filter((f) => f !== onSignal);
  replace('listeners', function listeners(this: unknown, event: string | symbol) {
    const list = original.listeners.call(this, event);
    return this === process && ours(event) ? withoutOurs(list) : list;
  });
  replace('rawListeners', function rawListeners(this: unknown, event: string | symbol) {
    const list = original.rawListeners.call(this, event);
    return this === process && ours(event) ? withoutOurs(list) : list;
  });
  replace('listenerCount', function listenerCount(this: unknown, event: string | symbol, ...rest: unknown[]) {
    const n = Reflect.apply(original.listenerCount, this, [event, ...rest]) as number;
    const listener = rest[0];
    if (this !== process || !ours(event)) return n;
    if (listener !== undefined) return listener === onSignal ? 0 : n;
    return original.listeners.call(process, event).includes(onSignal) ? n - 1 : n;
  });
  replace('eventNames', function eventNames(this: unknown) {
    const names = original.eventNames.call(this);
    if (this !== process) return names;
    return names.filter((name) => !ours(name) || withoutOurs(original.listeners.call(process, name)).length > 0);
  });
}

/** process.emit sees every exit path without a listener of ours: 'exit' on a drained loop, on
 * process.exit() and after an uncaught error; 'uncaughtExceptionMonitor' before the latter. */
function emit(this: unknown, event: string | symbol, ...args: unknown[]): boolean {
  if (this !== process) return Reflect.apply(original.emit, this, [event, ...args]) as boolean;
  // With the program's own 'uncaughtException' handler the process goes on.
  if (event === 'uncaughtExceptionMonitor' && original.listenerCount.call(process, 'uncaughtException') === 0) {
    uncaught = true;
  }
  const nodeCounts = event === 'removeListener' && ours(args[0]);
  if (nodeCounts) nodeIsCounting = true;
  try {
    return Reflect.apply(original.emit, this, [event, ...args]) as boolean;
  } finally {
    if (nodeCounts) nodeIsCounting = false;
    if (event === 'exit') {
      try {
        onExit(Number(args[0]) || 0);
      } catch {
        // report() catches its own errors; nothing of ours may reach the program's exit path.
      }
    }
  }
}

/** An 'exit' listener that calls process.exit() ends the process inside emit('exit'), before the
 * listeners after it (and before emit returns): report here then. */
function reallyExit(this: unknown, code: number): never {
  if (!done) {
    const r = report(uncaught ? 'uncaught' : 'exit', Number(code) || 0, null, true);
    if (failing(r) && !code) code = 1;
  }
  return Reflect.apply(original.reallyExit, this, [code]) as never;
}

export function installExitHandlers(cfg: PreloadConfig): void {
  config = cfg;
  replace('emit', emit);
  replace('reallyExit', reallyExit);
  // Signals are delivered to the main thread only.
  if (isMainThread) {
    hideSignalListeners();
    signalsHooked = true;
    for (const signal of SIGNALS) process.on(signal, onSignal);
  }
}
