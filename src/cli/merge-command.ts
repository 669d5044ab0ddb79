// `lingering merge <report.json>...`: the JSON reports of shards, matrix jobs or other machines
// merged into one report and one exit code, as one run of the whole would give.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { BASELINE_BY, merge, REPORT_VERSION, type Report, type Task } from '../report/index.js';
import { conclude } from './conclude.js';
import { ReportReadError } from './errors.js';
import type { RunOptions } from './options.js';
import type { CommandOutcome } from './spawn-command.js';
import { loadBaseline, suppress } from './suppress.js';

export async function mergeReports(files: string[], options: RunOptions): Promise<number> {
  const cwd = process.cwd();
  const baseline = await loadBaseline(options, cwd);
  const reports = await Promise.all(files.map((file) => readReport(resolve(cwd, file), file)));
  // Each shard judged its tasks against the baseline alone; the whole is judged again (a baseline
  // of 3 is exceeded by two shards of 2). What an ignore rule or an inline comment suppressed stays
  // suppressed: the comment's source may not be on this machine.
  const merged = merge(reports.map(withoutBaseline));
  const suppressed = await suppress(merged, options, baseline, cwd);
  return conclude(suppressed, outcomeOf(merged), options);
}

/** A shard stopped by its --timeout failed its run: so does the merge. */
function outcomeOf(report: Report): CommandOutcome {
  const timedOut = report.processes.some((p) => p.exit.reason === 'timeout');
  return { pid: 0, code: 0, signal: null, timedOutAt: timedOut ? 0 : null, interruptedBy: null };
}

function withoutBaseline(report: Report): Report {
  const tasks = report.tasks.map((task) => {
    if (task.suppressed?.by !== BASELINE_BY) return task;
    const copy = { ...task };
    delete copy.suppressed;
    return copy;
  });
  return { ...report, tasks };
}

async function readReport(path: string, label: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ReportReadError(label, code === 'ENOENT' ? 'no such file' : `cannot be read (${code})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ReportReadError(label, `not valid JSON (${reason})`, 'the file is damaged: write it again with --json');
  }
  const report = value as Partial<Report> | null;
  if (typeof report !== 'object' || report === null || Array.isArray(report) || !('version' in report)) {
    throw new ReportReadError(label, 'not a lingering report (no "version")');
  }
  if (report.version !== REPORT_VERSION) {
    throw new ReportReadError(
      label,
      `unknown report version ${JSON.stringify(report.version)} (this lingering reads version ${REPORT_VERSION})`,
      'merge it with the lingering version that wrote it',
    );
  }
  if (!Array.isArray(report.processes) || !Array.isArray(report.tasks)) {
    throw new ReportReadError(label, 'not a lingering report ("processes" and "tasks" must be arrays)');
  }
  const bad = report.tasks.findIndex((task) => !isTask(task));
  if (bad >= 0) throw new ReportReadError(label, `task ${bad + 1} is not a lingering task`);
  return report as Report;
}

/** Enough of the shape for merging and formatting not to fail on a hand-edited file. */
function isTask(value: unknown): value is Task {
  const t = value as Partial<Task> | null;
  return (
    typeof t === 'object' &&
    t !== null &&
    typeof t.kind === 'string' &&
    typeof t.type === 'string' &&
    typeof t.description === 'string' &&
    typeof t.count === 'number' &&
    Array.isArray(t.pids) &&
    Array.isArray(t.stack) &&
    Array.isArray(t.chain)
  );
}
