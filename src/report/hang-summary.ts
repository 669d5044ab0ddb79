// A run that hung (--timeout, Ctrl-C): before the full report, one short block per stopped process
// saying what it was waiting on, down each await tree to its leaf, and in which test.
import { testLabel } from './by-test.js';
import { describe } from './await-tree.js';
import { processName } from './process-notes.js';
import { plural } from './text.js';
import type { ProcessInfo, Report, Task } from './types.js';

/** Waits shown per process; the full report below has them all. */
const MAX_PER_PROCESS = 3;

function stopped(p: ProcessInfo): boolean {
  return p.exit.reason === 'timeout' || p.exit.reason === 'signal' || p.exit.reason === 'terminated';
}

/** The path from a task down its first branches to a leaf: "a › b › c". */
function path(task: Task): string {
  const levels: string[] = [];
  for (let level: Task | undefined = task; level; level = level.chain[0]) {
    const code = level.suspendedCode && level.type === 'AsyncFunction' ? ` \`${level.suspendedCode}\`` : '';
    levels.push(describe(level) + code);
  }
  return levels.join(' › ');
}

/** What keeps work from ending: suspended tasks and ref'd handles (a warning when the process was
 * stopped on request, still what it was waiting on). */
function waits(report: Report, pid: number): Task[] {
  return report.tasks.filter((t) => t.pids.includes(pid) && t.perTest !== true && (t.kind === 'promise' || t.refed));
}

/** Lines (no trailing newline), or none when no process was stopped. */
export function formatHangSummary(report: Report, opts: { cwd?: string } = {}): string[] {
  const mains = new Map<number, ProcessInfo>();
  for (const p of report.processes) {
    if (!stopped(p) || p.missingReport) continue;
    const seen = mains.get(p.pid);
    if (!seen || (p.threadId ?? 0) < (seen.threadId ?? 0)) mains.set(p.pid, p);
  }
  if (mains.size === 0) return [];
  const lines = ['what each process was waiting on when it was stopped:'];
  const waiting = new Map([...mains.keys()].map((pid) => [pid, waits(report, pid)]));
  const idle = (p: ProcessInfo): number => Number(waiting.get(p.pid)!.length === 0);
  // Those with something to show first: they are why the run hung.
  const ordered = [...mains.values()].sort((a, b) => idle(a) - idle(b) || a.pid - b.pid);
  for (const p of ordered) {
    const tasks = waiting.get(p.pid)!;
    const threads = report.processes.filter((q) => q.pid === p.pid && (q.threadId ?? 0) > 0).length;
    const withThreads = threads > 0 && !p.threadId ? ` with ${plural(threads, 'worker thread')}` : '';
    const name = processName(p, opts) + withThreads;
    if (tasks.length === 0) {
      lines.push(`  ${name}: nothing of its own`);
      continue;
    }
    lines.push(`  ${name}:`);
    for (const task of tasks.slice(0, MAX_PER_PROCESS)) {
      const test = task.test ? `in ${task.test.file} > ${testLabel(task.test)}: ` : '';
      lines.push(`    ${test}${path(task)}`);
    }
    if (tasks.length > MAX_PER_PROCESS) lines.push(`    … ${tasks.length - MAX_PER_PROCESS} more below`);
  }
  return lines;
}
