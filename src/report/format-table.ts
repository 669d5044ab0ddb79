// The summary table under the text report: one row per group of identical tasks. It fits the
// terminal by dropping and wrapping columns, never by cutting a description, a test or a location
// (the words a user searches for).
import Table from 'cli-table3';
import { testLabel } from './by-test.js';
import { palette } from './colors.js';
import { formatLocation } from './text.js';
import type { Report, Task } from './types.js';

interface Column {
  head: string;
  cell: (task: Task) => string;
  align?: 'left' | 'right';
  /** May wrap onto several lines, down to this many characters. */
  wrapsTo?: number;
  /** Left out, in this order, when the table does not fit. */
  dropOrder?: number;
}

const COLUMNS: Column[] = [
  { head: 'severity', cell: (task) => task.severity },
  {
    head: 'kind/type',
    cell: (task) => `${task.kind}/${task.type}${task.state === 'destroyed' ? ' (destroyed)' : ''}`,
    dropOrder: 1,
  },
  { head: 'description', cell: (task) => task.description, wrapsTo: 16 },
  { head: 'count', cell: (task) => String(task.count), align: 'right' },
  // With its file: the same test name in two files is two different tests.
  { head: 'test', cell: (task) => (task.test ? `${task.test.file} > ${testLabel(task.test)}` : ''), wrapsTo: 16 },
  { head: 'location', cell: (task) => (task.location ? formatLocation(task.location, false) : '(unknown)') },
];

/** cli-table3's default padding: one space each side of a cell. */
const PADDING = 2;

export function formatSummaryTable(report: Report, opts: { color: boolean; width: number }): string {
  const c = palette(opts.color);
  const hasTests = report.tasks.some((task) => task.test !== undefined);
  let columns = COLUMNS.filter((column) => column.head !== 'test' || hasTests);
  const natural = (column: Column): number =>
    Math.max(length(column.head), ...report.tasks.map((task) => length(column.cell(task)))) + PADDING;
  const total = (widths: number[]): number => widths.length + 1 + widths.reduce((a, b) => a + b, 0);

  // Drop what the task blocks above already say, then wrap what may wrap.
  let widths = columns.map(natural);
  for (const column of COLUMNS.filter((col) => col.dropOrder !== undefined)) {
    if (total(widths) <= opts.width) break;
    columns = columns.filter((col) => col !== column);
    widths = columns.map(natural);
  }
  // The widest first: a long test name ("test/a.test.ts > suite > case") wraps before a short
  // description does.
  const wrapping = [...columns.entries()]
    .filter(([, column]) => column.wrapsTo !== undefined)
    .sort(([a], [b]) => widths[b]! - widths[a]! || a - b);
  for (const [i, column] of wrapping) {
    const excess = total(widths) - opts.width;
    if (excess <= 0) break;
    // cli-table3 cuts a word longer than its column: a file path must fit whole.
    const longestWord = Math.max(0, ...report.tasks.flatMap((task) => column.cell(task).split(/\s+/).map(length)));
    widths[i] = Math.max(Math.max(column.wrapsTo!, longestWord) + PADDING, widths[i]! - excess);
  }

  const table = new Table({
    head: columns.map((column) => column.head),
    colWidths: widths,
    colAligns: columns.map((column) => column.align ?? 'left'),
    wordWrap: true,
    // Empty styles: cli-table3 emits no ANSI codes of its own (it would colour the head red).
    style: opts.color ? { head: ['bold'], border: ['grey'] } : { head: [], border: [] },
  });
  for (const task of report.tasks) {
    table.push(
      columns.map((column) => {
        const text = column.cell(task);
        if (column.head !== 'severity') return text;
        return task.severity === 'error' ? c.red(text) : c.yellow(text);
      }),
    );
  }
  return table.toString();
}

function length(text: string): number {
  return Array.from(text).length;
}
