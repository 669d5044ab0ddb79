// The report printed to stderr at exit (preload) or after the command (wrapper).
import { awaitTreeLines } from './await-tree.js';
import { palette } from './colors.js';
import { groupByTest, testLabel } from './by-test.js';
import { formatSummaryTable } from './format-table.js';
import { shownReport, summarize, type Summary } from './gate.js';
import { headline } from './headline.js';
import { holders, isWorkerThread } from './holders.js';
import { hintFor } from './kinds.js';
import { processNotes } from './process-notes.js';
import { suppressionLines } from './suppression-lines.js';
import { formatAge, formatLocation, formatPids, plural, sumCounts, truncate } from './text.js';
import type { Frame, Report, Task } from './types.js';

export interface TextOptions {
  color: boolean;
  /** Pids of the processes that were stopped (a signal, terminate(), a timeout): a ref'd handle
   * there did not keep anything alive; its process was ended under it. */
  stopped?: ReadonlySet<number>;
  /** Terminal columns: the table is fitted to it and long descriptions are cut. */
  width: number;
  /** Every frame, every pid, every process. */
  verbose?: boolean;
  /** The directory the report is read in: command lines show paths relative to it. */
  cwd?: string;
  /** A snapshot of a live process (lingering ps): "is pending", not "at exit". */
  live?: boolean;
}

const INDENT = '  ';
/** Frames shown per stack unless verbose; user frames only, so rarely reached. */
const MAX_FRAMES = 10;
/** Pids listed in a headline unless verbose. */
const MAX_PIDS = 8;

/** `report` is normalised (grouped and sorted by merge()), as every report the preload writes and
 * the wrapper merges is; the formatters do not group again. */
export function formatText(full: Report, opts: TextOptions): string {
  const c = palette(opts.color);
  const summary = summarize(full);
  // Suppressed tasks are counted in lines of their own, not shown.
  const report = shownReport(full);
  const suppression = suppressionLines(full).map((line) => (line.action ? c.yellow(line.text) : line.text));
  const notes = processNotes(report, opts);
  opts = { ...opts, stopped: stoppedPids(report) };
  const unreported = summary.unreported > 0 ? `; ${summary.unreported} could not report` : '';
  const suppressed = summary.suppressed > 0 ? `; ${summary.suppressed} suppressed` : '';

  if (report.tasks.length === 0) {
    const title = `lingering: no lingering tasks (${checkedCount(summary)} checked${unreported}${suppressed})`;
    if (notes.length === 0 && suppression.length === 0) return `${c.green(title)}\n`;
    const lines = [suppression.length === 0 ? title : c.green(title), ...suppression];
    if (notes.length > 0) lines.push('', ...notes.map((note) => c.yellow(note.text)));
    return lines.join('\n') + '\n';
  }

  const lines: string[] = [c.bold(titleLine(report, summary)), '', ...taskBlocksByTest(report.tasks, opts)];
  if (notes.length > 0) lines.push(...notes.map((note) => c.yellow(note.text)), '');
  if (suppression.length > 0) lines.push(...suppression, '');
  lines.push(formatSummaryTable(report, opts));
  return lines.join('\n') + '\n';
}

/** Each task's block, each followed by an empty line. In a test run they are grouped by test file,
 * then by test (tasks made outside any test last, under that heading); otherwise as they come. */
export function taskBlocksByTest(tasks: Task[], opts: TextOptions): string[] {
  const c = palette(opts.color);
  const lines: string[] = [];
  const block = (task: Task, indent: string) => formatTaskBlock(task, opts).map((line) => indent + line);
  const byTest = groupByTest(tasks);
  for (const file of byTest.files) {
    lines.push(c.bold(file.file));
    for (const { test, tasks: ofTest } of file.tests) {
      const where = test.line === undefined ? '' : ` (${file.file}:${test.line})`;
      lines.push(`${INDENT}${c.bold(testLabel(test))}${where}`);
      for (const task of ofTest) lines.push(...block(task, INDENT.repeat(2)), '');
    }
  }
  const outsideIndent = byTest.files.length === 0 ? '' : INDENT;
  if (byTest.files.length > 0 && byTest.outside.length > 0) lines.push(c.bold('outside any test'));
  for (const task of byTest.outside) lines.push(...block(task, outsideIndent), '');
  return lines;
}

/**
 * "lingering: 4 tasks still pending in 2 of 3 processes (3 errors, 1 warning)". With --per-test,
 * what a test left behind is counted apart from what was still pending at exit: "2 tasks outlived
 * their test, 1 still pending at exit, in 2 of 3 processes". Worker threads are counted apart from
 * processes: "in 1 worker thread (1 error; 2 processes, 1 worker thread checked)".
 */
function titleLine(report: Report, summary: Summary): string {
  const total = summary.errors + summary.warnings;
  const perTest = sumCounts(report.tasks, (task) => task.perTest === true);
  const where = summary.threads === 0 ? involvedProcesses(report, summary) : involvedThreads(report, summary);
  const what =
    perTest === 0
      ? `${plural(total, 'task')} still pending in ${where}`
      : perTest === total
        ? `${outlived(perTest)} in ${where}`
        : `${outlived(perTest)}, ${total - perTest} still pending at exit, in ${where}`;
  const split = [
    summary.errors > 0 ? plural(summary.errors, 'error') : '',
    summary.warnings > 0 ? plural(summary.warnings, 'warning') : '',
  ].filter(Boolean);
  const checked = summary.threads === 0 ? '' : `; ${checkedCount(summary)} checked`;
  const unreported = summary.unreported > 0 ? `; ${summary.unreported} could not report` : '';
  const suppressed = summary.suppressed > 0 ? `; ${summary.suppressed} suppressed` : '';
  return `lingering: ${what} (${split.join(', ')}${checked}${unreported}${suppressed})`;
}

function outlived(count: number): string {
  return `${plural(count, 'task')} outlived ${count === 1 ? 'its' : 'their'} test`;
}

/** "2 of 3 processes", or "3 processes" when every one had some. */
function involvedProcesses(report: Report, summary: Summary): string {
  const involved = new Set(report.tasks.flatMap((task) => task.pids)).size;
  const all = plural(summary.processes, 'process', 'processes');
  return involved === 0 || involved === summary.processes ? all : `${involved} of ${all}`;
}

/** "1 process and 2 worker threads": which held the tasks (the checked ones are said after). */
function involvedThreads(report: Report, summary: Summary): string {
  const held = holders(report, report.tasks);
  const threads = held.filter(isWorkerThread).length;
  return countOf(held.length - threads, threads) || checkedCount(summary);
}

/** "2 processes", "2 processes, 1 worker thread". */
function checkedCount(summary: Summary): string {
  const processes = plural(summary.processes, 'process', 'processes');
  return summary.threads === 0 ? processes : `${processes}, ${plural(summary.threads, 'worker thread')}`;
}

function countOf(processes: number, threads: number): string {
  return [
    processes > 0 ? plural(processes, 'process', 'processes') : '',
    threads > 0 ? plural(threads, 'worker thread') : '',
  ]
    .filter(Boolean)
    .join(' and ');
}

/** One finding: headline, then indented details. No trailing blank line. */
export function formatTaskBlock(task: Task, opts: TextOptions): string[] {
  const c = palette(opts.color);
  const verbose = opts.verbose === true;
  const severityColor = task.severity === 'error' ? c.red : c.yellow;
  const count = task.count > 1 ? ` ×${task.count}` : '';
  const pids = task.pids.length > 1 ? ` [pids ${formatPids(task.pids, verbose ? Infinity : MAX_PIDS)}]` : '';
  const lines = [severityColor(`${task.severity}: ${headline(task, opts.live)}${count}${pids}`)];

  const detail = (text: string): void => {
    lines.push(INDENT + text);
  };
  detail(truncate(task.description, Math.max(opts.width - INDENT.length, 20)));
  const status = statusLine(task, opts.stopped);
  if (status !== '') detail(status);
  if (task.location) detail(`${task.suspendedAt ? 'called' : 'created'} at ${formatLocation(task.location)}`);
  if (task.suspendedAt) detail(`suspended at ${formatLocation(task.suspendedAt, false)}`);
  for (const line of stackLines(task, verbose)) detail(c.dim(line));
  const tree = awaitTreeLines(task, { code: c.dim });
  if (tree.length > 0) {
    // A handle's chain is what it holds: a server's connections, a child process's pipes.
    detail(task.kind === 'promise' ? 'await tree:' : 'with:');
    for (const line of tree) detail(INDENT + line);
  }
  detail(c.cyan(`hint: ${task.hint ?? hintFor(task)}`));
  return lines;
}

/** Processes that did not end on their own: stopped by a signal, terminate() or the timeout. */
function stoppedPids(report: Report): Set<number> {
  const stopped = new Set<number>();
  const ended = new Set<number>();
  for (const p of report.processes) {
    const reason = p.exit.reason;
    if (reason === 'signal' || reason === 'terminated' || reason === 'timeout' || p.exit.stoppedBy) stopped.add(p.pid);
    else if (!p.threadId) ended.add(p.pid);
  }
  for (const pid of ended) stopped.delete(pid);
  return stopped;
}

function statusLine(task: Task, stopped: ReadonlySet<number> | undefined): string {
  const parts: string[] = [];
  // A per-test finding was judged when its test ended, not when its process was stopped.
  const wasStopped =
    task.perTest !== true &&
    stopped !== undefined &&
    task.pids.length > 0 &&
    task.pids.every((pid) => stopped.has(pid));
  if (task.kind === 'handle') {
    parts.push(
      task.refed
        ? wasStopped
          ? task.severity === 'warning'
            ? "ref'd: it kept the process alive until it was stopped on request (a warning; fails only in strict mode)"
            : "ref'd: it would have kept the process alive, had it not been stopped"
          : "ref'd: it keeps the process alive"
        : task.severity === 'warning'
          ? "unref'd: it does not keep the process alive (a warning; fails only in strict mode)"
          : "unref'd: it does not keep the process alive",
    );
  } else if (task.state === 'destroyed') {
    parts.push('garbage-collected while pending');
  }
  if (task.ageMs !== undefined) parts.push(`alive ${formatAge(task.ageMs)}`);
  if (task.unrecorded)
    parts.push(`${task.unrecorded} of ${task.count} counted here without a stack of their own (sampled)`);
  return parts.join(' · ');
}

function stackLines(task: Task, verbose: boolean): string[] {
  const shown = verbose ? task.stack : task.stack.slice(0, MAX_FRAMES);
  const lines = shown.map((frame) => `  ${formatFrame(frame)}`);
  const hidden = task.stack.length - shown.length;
  if (hidden > 0) lines.push(`  … ${plural(hidden, 'more frame')}`);
  if (task.foldedFrames) lines.push(`  … ${plural(task.foldedFrames, 'frame')} folded (node internals, node_modules)`);
  return lines;
}

/** V8's own shape: "at fn (file:line:col)", or "at file:line:col" for anonymous functions. */
export function formatFrame(frame: Frame): string {
  const where = formatLocation(frame);
  return frame.function && frame.function !== '<anonymous>' ? `at ${frame.function} (${where})` : `at ${where}`;
}
