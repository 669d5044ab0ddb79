// The CI gate's arithmetic. Counts are task counts (a group of 3 identical timers counts 3).
// Suppressed tasks (an ignore rule, an inline comment, the baseline) never count.
import { sumCounts } from './text.js';
import type { Report } from './types.js';

export interface Summary {
  errors: number;
  warnings: number;
  /** Distinct processes (by pid; a process's main thread). */
  processes: number;
  /** Worker threads that reported (or should have), counted apart from their processes. */
  threads: number;
  /** Processes and threads that were seen starting but left no report (SIGKILL, a crash, a worker
   * busy in synchronous code when it was terminated): what they held is unknown. */
  unreported: number;
  /** Tasks an ignore rule, an inline comment or the baseline covers: kept, not counted above. */
  suppressed: number;
}

export function countFailures(report: Report, opts: { strict: boolean }): number {
  return sumCounts(
    report.tasks,
    (task) =>
      task.suppressed === undefined && (task.severity === 'error' || (opts.strict && task.severity === 'warning')),
  );
}

export function summarize(report: Report): Summary {
  return {
    errors: sumCounts(report.tasks, (task) => task.suppressed === undefined && task.severity === 'error'),
    warnings: sumCounts(report.tasks, (task) => task.suppressed === undefined && task.severity === 'warning'),
    processes: new Set(report.processes.map((p) => p.pid)).size,
    threads: new Set(report.processes.filter((p) => p.threadId).map((p) => `${p.pid}/${p.threadId}`)).size,
    unreported: report.processes.filter((p) => p.missingReport === true).length,
    suppressed: sumCounts(report.tasks, (task) => task.suppressed !== undefined),
  };
}

/** The report as the formatters show it: without the suppressed tasks (they are counted apart). */
export function shownReport(report: Report): Report {
  if (!report.tasks.some((task) => task.suppressed !== undefined)) return report;
  return { ...report, tasks: report.tasks.filter((task) => task.suppressed === undefined) };
}
