// What the user does not want to fail on, applied to the merged report: ignore rules, inline
// `// lingering-ignore` comments, then the baseline (written first with --update-baseline).
import {
  applyBaseline,
  applyIgnore,
  applyInlineIgnores,
  buildBaseline,
  compareTasks,
  type Baseline,
  type Report,
} from '../report/index.js';
import { readBaseline, writeBaseline } from './baseline-file.js';
import type { RunOptions } from './options.js';
import { sourceLines } from './source-lines.js';

export interface Suppressed {
  report: Report;
  /** --update-baseline: what was written. */
  written?: { entries: number; tasks: number };
}

type Options = Pick<RunOptions, 'ignore' | 'baselinePath' | 'updateBaseline'>;

/** The baseline to compare with, read before the command runs so that a bad one stops the run
 * before it starts; null without --baseline or with --update-baseline. */
export async function loadBaseline(options: Options, cwd: string): Promise<Baseline | null> {
  if (options.baselinePath === null || options.updateBaseline) return null;
  return readBaseline(options.baselinePath, cwd);
}

export async function suppress(
  merged: Report,
  options: Options,
  baseline: Baseline | null,
  cwd: string,
): Promise<Suppressed> {
  let report = sorted(applyInlineIgnores(applyIgnore(merged, options.ignore), sourceLines(cwd)));
  if (options.baselinePath === null) return { report };
  if (options.updateBaseline) {
    const baseline = buildBaseline(report);
    await writeBaseline(options.baselinePath, baseline, cwd);
    report = applyBaseline(report, baseline);
    const tasks = baseline.entries.reduce((sum, entry) => sum + entry.count, 0);
    return { report, written: { entries: baseline.entries.length, tasks } };
  }
  return { report: baseline === null ? report : applyBaseline(report, baseline) };
}

/** What is reported first, what is suppressed after it (compareTasks). */
function sorted(report: Report): Report {
  return { ...report, tasks: [...report.tasks].sort(compareTasks) };
}
