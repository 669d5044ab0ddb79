// The processes worth a line in a report: those that left no report (so their tasks are unknown)
// and those whose way of exiting explains the tasks they still had pending at exit. Processes
// running the same command that ended the same way share one line (a test runner's workers).
// Awaits that had no stack are said in one line for all processes and threads together.
import { formatCommand } from './command-label.js';
import { holders, isWorkerThread } from './holders.js';
import { formatPids, plural } from './text.js';
import type { ProcessInfo, Report } from './types.js';

export interface ProcessNote {
  /** One or more processes with the same command line and the same ending, in report order. */
  processes: ProcessInfo[];
  /** "pid 123 (node x.js) exited without a report (killed?)" */
  text: string;
  missingReport: boolean;
}

export interface NoteOptions {
  /** Every process gets its line, and each its own line about awaits without a stack. */
  verbose?: boolean;
  /** Paths in command lines are shown relative to it where that is shorter. */
  cwd?: string;
}

export function processNotes(report: Report, opts: NoteOptions = {}): ProcessNote[] {
  const verbose = opts.verbose === true;
  // Exit notes explain what was pending at exit: what a per-test check found had outlived its
  // test, and may have been gone long before the process ended. By thread: a worker thread's
  // tasks say nothing of how its process's main thread ended.
  const atExit = report.tasks.filter((task) => task.perTest !== true);
  const pendingAtExit = new Set(holders(report, atExit));
  const groups = new Map<string, { processes: ProcessInfo[]; ending: string; command: string }>();
  for (const process of report.processes) {
    const unrecorded = verbose ? describeUnrecorded(process) : null;
    const ending =
      [describeExit(process, verbose || pendingAtExit.has(process)), unrecorded]
        .filter((part) => part !== null)
        .join('; ') || null;
    if (ending === null) continue;
    const command = formatCommand(process.argv, { cwd: opts.cwd });
    const key = JSON.stringify([command, ending]);
    const group = groups.get(key);
    if (group) group.processes.push(process);
    else groups.set(key, { processes: [process], ending, command });
  }
  const notes = [...groups.values()].map(({ processes, ending, command }) => ({
    processes,
    text: `${processLabel(processes)} (${command}) ${ending}`,
    missingReport: processes.some((p) => p.missingReport === true),
  }));
  const unrecorded = verbose ? null : unrecordedNote(report, opts);
  return unrecorded ? [...notes, unrecorded] : notes;
}

/** "pid 123 (node app.js)", "pid 123 thread 2 (node app.js)". */
export function processName(process: ProcessInfo, opts: NoteOptions = {}): string {
  return `${processLabel([process])} (${formatCommand(process.argv, { cwd: opts.cwd })})`;
}

function processLabel(processes: ProcessInfo[]): string {
  if (processes.length === 1) {
    const [only] = processes as [ProcessInfo];
    return `pid ${only.pid}${only.threadId ? ` thread ${only.threadId}` : ''}`;
  }
  return `pids ${formatPids(processes.map((p) => (p.threadId ? `${p.pid}/${p.threadId}` : p.pid)))}`;
}

/** `relevant`: the process had tasks pending at exit (or every process is asked for). */
function describeExit(process: ProcessInfo, relevant: boolean): string | null {
  const { reason, code, signal } = process.exit;
  if (process.missingReport) return `exited without a report (${signal ? `killed by ${signal}?` : 'killed?'})`;
  switch (reason) {
    case 'timeout':
      return 'was still running at the timeout and was stopped';
    case 'signal':
      // A test runner stops its idle workers with SIGTERM: only worth a line beside their tasks,
      // which outlived the tests.
      if (!relevant) return null;
      return process.runner
        ? `still had them pending when ${process.runner} stopped its worker (${signal ?? 'a signal'})`
        : `was stopped by ${signal ?? 'a signal'}`;
    case 'uncaught':
      return `crashed on an uncaught exception or unhandled rejection${code === null ? '' : ` (exit code ${code})`}`;
    case 'exit':
      if (!relevant) return null;
      return process.exit.stoppedBy
        ? `called process.exit(${code ?? ''}) after a ${process.exit.stoppedBy} from another process (stopped on request)`
        : `called process.exit(${code ?? ''}) with tasks pending`;
    case 'natural':
      // A failing test run exits non-zero: that is the command's business, not a leak's.
      return relevant && code !== null && code !== 0 ? `exited with code ${code}` : null;
    case 'terminated':
      if (!relevant) return null;
      return process.runner
        ? `still had them pending when ${process.runner} stopped its worker thread`
        : 'was stopped by worker.terminate() or the end of its parent';
    case 'missing':
      return 'exited without a report';
    case 'running':
      return null;
  }
}

const UNRECORDED =
  'still waiting that had no stack (past the capture budget); LINGERING_PROMISES=all records every one';

/** Awaits still waiting at exit that got no stack (past the capture budget, README "Cost") and
 * that no reported task accounts for: suspended tasks may be among them, so every verdict says so. */
function describeUnrecorded(process: ProcessInfo): string | null {
  const n = process.unrecordedAwaits ?? 0;
  return n > 0 ? `had ${plural(n, 'await')} ${UNRECORDED}` : null;
}

/** One line for every process and thread: a test runner's pool can have dozens with a few each. */
function unrecordedNote(report: Report, opts: NoteOptions): ProcessNote | null {
  const processes = report.processes.filter((p) => (p.unrecordedAwaits ?? 0) > 0);
  if (processes.length === 0) return null;
  const awaits = processes.reduce((sum, p) => sum + (p.unrecordedAwaits ?? 0), 0);
  const threads = processes.filter(isWorkerThread).length;
  const who =
    processes.length === 1
      ? processName(processes[0]!, opts)
      : [plural(processes.length - threads, 'process', 'processes'), plural(threads, 'worker thread')]
          .filter((part) => !part.startsWith('0 '))
          .join(' and ');
  return { processes, text: `${who} had ${plural(awaits, 'await')} ${UNRECORDED}`, missingReport: false };
}
