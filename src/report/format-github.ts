// GitHub Actions workflow commands: one annotation per group of identical tasks.
// https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
import { awaitTreeLines } from './await-tree.js';
import { testLabel } from './by-test.js';
import { headline } from './headline.js';
import { hintFor } from './kinds.js';
import { processNotes } from './process-notes.js';
import { plural } from './text.js';
import { shownReport } from './gate.js';
import type { Report, Task } from './types.js';

/** `cwd`: paths in command lines are shown relative to it where that is shorter. Suppressed tasks
 * get no annotation. */
export function formatGithub(full: Report, opts: { cwd?: string } = {}): string {
  const report = shownReport(full);
  const lines = report.tasks.flatMap(annotations);
  // A process that left no report may have leaked anything: say so rather than pass silently.
  for (const note of processNotes(report, { cwd: opts.cwd })) {
    if (note.missingReport) {
      lines.push(`::warning title=${escapeProperty('lingering: no report')}::${escapeData(note.text)}`);
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** One on the line of the test that leaked it, and one on the line that created it when that is
 * another line (a helper in src/). The text is the same on every run: no pids, ports or ages, so
 * that a rerun does not look like a new annotation. */
function annotations(task: Task): string[] {
  const title = `lingering: ${headline(task)}`;
  const text = escapeData(message(task));
  const at = (where: { file: string; line: number; column?: number }, heading: string): string => {
    const col = where.column === undefined ? '' : `,col=${where.column}`;
    return `::${task.severity} file=${escapeProperty(where.file)},line=${where.line}${col},title=${escapeProperty(heading)}::${text}`;
  };
  const test = task.test;
  if (!test || test.line === undefined)
    return [task.location ? at(task.location, title) : `::${task.severity} title=${escapeProperty(title)}::${text}`];
  const out = [at({ file: test.file, line: test.line }, `${title} (${testLabel(test)})`)];
  const loc = task.location;
  if (loc && (loc.file !== test.file || loc.line !== test.line)) out.push(at(loc, title));
  return out;
}

function message(task: Task): string {
  const lines = [`${stable(task.description)} (${plural(task.count, 'task')})`];
  if (task.test) lines.push(`in ${task.test.file}: ${testLabel(task.test)}`);
  if (task.kind === 'handle' && !task.refed) lines.push("unref'd: it does not keep the process alive");
  if (task.suspendedAt) lines.push(`suspended at ${task.suspendedAt.file}:${task.suspendedAt.line}`);
  // The await tree, as in the text report.
  lines.push(...awaitTreeLines(task, { text: stable }));
  lines.push(`hint: ${task.hint ?? hintFor(task)}`);
  return lines.join('\n');
}

/** Ports and pids change from run to run; annotations must not. */
function stable(text: string): string {
  return text.replace(/(\[[0-9a-fA-F:.]*\]|\d+\.\d+\.\d+\.\d+|localhost):\d+/g, '$1').replace(/ \(pid \d+\)/g, '');
}

/** Message text: https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values additionally escape the separators of the property list. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
