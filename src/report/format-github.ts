// GitHub Actions workflow commands: one annotation per group of identical tasks.
// https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
import { headline } from './headline.js';
import { hintFor } from './kinds.js';
import { processNotes } from './process-notes.js';
import { formatPids, plural } from './text.js';
import type { Report, Task } from './types.js';

export function formatGithub(report: Report): string {
  const lines = report.tasks.map(annotation);
  // A process that left no report may have leaked anything: say so rather than pass silently.
  for (const note of processNotes(report)) {
    if (note.missingReport) {
      lines.push(`::warning title=${escapeProperty('lingering: no report')}::${escapeData(note.text)}`);
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function annotation(task: Task): string {
  const properties: string[] = [];
  if (task.location) {
    properties.push(`file=${escapeProperty(task.location.file)}`);
    properties.push(`line=${task.location.line}`);
    properties.push(`col=${task.location.column}`);
  }
  properties.push(`title=${escapeProperty(`lingering: ${headline(task)}`)}`);
  return `::${task.severity} ${properties.join(',')}::${escapeData(message(task))}`;
}

function message(task: Task): string {
  const pids =
    task.pids.length === 0 ? '' : ` in ${task.pids.length === 1 ? 'pid' : 'pids'} ${formatPids(task.pids, 20)}`;
  const lines = [`${task.description} (${plural(task.count, 'task')}${pids})`];
  if (task.kind === 'handle' && !task.refed) lines.push("unref'd: it does not keep the process alive");
  if (task.suspendedAt) lines.push(`suspended at ${task.suspendedAt.file}:${task.suspendedAt.line}`);
  // Innermost last, as in the text report; an element may also carry its own chain.
  flattenChain(task.chain).forEach((element, depth) => {
    const at = element.location ? ` (${element.location.file}:${element.location.line})` : '';
    lines.push(`${'  '.repeat(depth)}awaiting: ${element.description}${at}`);
  });
  lines.push(`hint: ${task.hint ?? hintFor(task)}`);
  return lines.join('\n');
}

function flattenChain(chain: Task[]): Task[] {
  return chain.flatMap((element) => [element, ...flattenChain(element.chain)]);
}

/** Message text: https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values additionally escape the separators of the property list. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
