// What `lingering ps` prints: the observed processes of running wrappers, and the live report of one
// process (its tasks now, with their ages and await trees).
import { palette } from './colors.js';
import { formatCommand } from './command-label.js';
import { taskBlocksByTest, type TextOptions } from './format-text.js';
import { summarize } from './gate.js';
import { formatAge, plural } from './text.js';
import type { Report } from './types.js';

/** One observed thread of a running wrapper, from its start-up marker. */
export interface PsThread {
  pid: number;
  ppid?: number;
  threadId: number;
  argv: string[];
  uptimeMs: number;
}

/** A running `lingering -- <command>` and the threads it observes that have not reported yet. */
export interface PsWrapper {
  pid: number;
  command: string[];
  cwd: string;
  uptimeMs: number;
  threads: PsThread[];
}

const INDENT = '  ';

/** One block per wrapper; each live process on a line, its worker threads counted. */
export function formatPsList(wrappers: PsWrapper[], opts: { cwd: string; width: number }): string {
  if (wrappers.length === 0) return 'lingering ps: no running lingering wrapper found\n';
  const lines: string[] = [];
  for (const w of wrappers) {
    lines.push(formatCommand(['lingering', '--', ...w.command], { cwd: opts.cwd, max: opts.width }));
    lines.push(`${INDENT}wrapper ${w.pid}, up ${formatAge(w.uptimeMs)}, in ${w.cwd}`);
    const main = w.threads.filter((t) => t.threadId === 0);
    if (main.length === 0) lines.push(`${INDENT}no observed process running`);
    else lines.push(`${INDENT}${'PID'.padEnd(8)}${'UP'.padEnd(9)}COMMAND`);
    for (const t of main) {
      const workers = w.threads.filter((x) => x.pid === t.pid && x.threadId !== 0).length;
      const threads = workers === 0 ? '' : ` (+${plural(workers, 'worker thread')})`;
      const max = Math.max(opts.width - 19 - threads.length, 20);
      lines.push(
        `${INDENT}${String(t.pid).padEnd(8)}${formatAge(t.uptimeMs).padEnd(9)}${formatCommand(t.argv, { cwd: opts.cwd, max })}${threads}`,
      );
    }
    lines.push('');
  }
  lines.push('lingering ps <pid> prints what a process has pending now');
  return lines.join('\n') + '\n';
}

/** The report a live process gave (exit reason 'running'): what it has pending now. */
export function formatLiveReport(report: Report, opts: TextOptions): string {
  const c = palette(opts.color);
  const info = report.processes[0];
  const lines: string[] = [];
  if (info) {
    const up = info.uptimeMs === undefined ? '' : `, up ${formatAge(info.uptimeMs)}`;
    const runner = info.runner ? `, running ${info.runner} tests` : '';
    const command = formatCommand(info.argv, { cwd: opts.cwd, max: Math.max(opts.width - 30, 20) });
    lines.push(c.bold(`process ${info.pid} (${command})${up}${runner}`));
  }
  const summary = summarize(report);
  const total = summary.errors + summary.warnings;
  const split = [
    summary.errors > 0 ? plural(summary.errors, 'error') : '',
    summary.warnings > 0 ? plural(summary.warnings, 'warning') : '',
  ].filter(Boolean);
  lines.push(total === 0 ? 'nothing pending' : `${plural(total, 'task')} pending (${split.join(', ')})`);
  if (info?.workerThreads) {
    lines.push(
      c.yellow(
        `${plural(info.workerThreads, 'worker thread')} not included: lingering ps reads the main thread; --timeout dumps every thread`,
      ),
    );
  }
  lines.push('');
  lines.push(...taskBlocksByTest(report.tasks, { ...opts, live: true }));
  return lines.join('\n').replace(/\n+$/, '') + '\n';
}
