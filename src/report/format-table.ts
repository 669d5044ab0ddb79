// The summary table under the text report: one row per group of identical tasks.
import Table from 'cli-table3';
import { palette } from './colors.js';
import { formatLocation, truncate, truncateStart } from './text.js';
import type { Report, Task } from './types.js';

const HEAD = ['severity', 'kind/type', 'description', 'count', 'location'];
/** cli-table3's default padding: one space each side of a cell. */
const PADDING = 2;
const [DESCRIPTION, KIND_TYPE, LOCATION] = [2, 1, 4];
/** Which column gives way first when the table is too wide, and how far (content characters). */
const SHRINK: Array<[column: number, min: number]> = [
  [DESCRIPTION, 12],
  [LOCATION, 14],
  [KIND_TYPE, 10],
  [DESCRIPTION, 4],
];

export function formatSummaryTable(report: Report, opts: { color: boolean; width: number }): string {
  const c = palette(opts.color);
  const rows = report.tasks.map((task) => [
    task.severity,
    kindType(task),
    task.description,
    String(task.count),
    task.location ? formatLocation(task.location, false) : '(unknown)',
  ]);

  // Natural column widths (content + padding); then columns give way, in this order and down to
  // these widths, until the table fits in `width` (borders: one per column plus one).
  const widths = HEAD.map((head, col) => Math.max(head.length, ...rows.map((row) => length(row[col]!))) + PADDING);
  for (const [col, min] of SHRINK) {
    const excess = widths.length + 1 + widths.reduce((a, b) => a + b, 0) - opts.width;
    if (excess <= 0) break;
    widths[col] = Math.min(widths[col]!, Math.max(min + PADDING, widths[col]! - excess));
  }

  const table = new Table({
    head: HEAD,
    colWidths: widths,
    colAligns: ['left', 'left', 'left', 'right', 'left'],
    wordWrap: false,
    // Empty styles: cli-table3 emits no ANSI codes of its own (it would colour the head red).
    style: opts.color ? { head: ['bold'], border: ['grey'] } : { head: [], border: [] },
  });
  for (const row of rows) {
    const [severity, type, description, count, location] = row as [string, string, string, string, string];
    table.push([
      severity === 'error' ? c.red(severity) : c.yellow(severity),
      truncate(type, widths[KIND_TYPE]! - PADDING),
      truncate(description, widths[DESCRIPTION]! - PADDING),
      count,
      truncateStart(location, widths[LOCATION]! - PADDING),
    ]);
  }
  return table.toString();
}

function kindType(task: Task): string {
  return `${task.kind}/${task.type}${task.state === 'destroyed' ? ' (destroyed)' : ''}`;
}

function length(text: string): number {
  return Array.from(text).length;
}
