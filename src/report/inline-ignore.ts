// `// lingering-ignore: <reason>` in the source: on the line that creates the task (its location,
// the first user frame), or alone on the line above it. For the promise a test leaves pending on
// purpose, said where it is made. Pure: the caller reads the files (cli/source-lines.ts).
import type { Report, Task } from './types.js';

/** The lines of a file relative to the report's root, or undefined when it cannot be read. */
export type ReadLines = (file: string) => readonly string[] | undefined;

const MARKER = 'lingering-ignore';
const ON_LINE_RE = /\/\/\s*lingering-ignore\b:?\s*(.*?)\s*$/;
const ALONE_RE = /^\s*\/\/\s*lingering-ignore\b:?\s*(.*?)\s*$/;

export function applyInlineIgnores(report: Report, readLines: ReadLines): Report {
  let changed = false;
  const tasks = report.tasks.map((task) => {
    if (task.suppressed !== undefined || task.location === null) return task;
    const marker = findMarker(task, readLines);
    if (marker === undefined) return task;
    changed = true;
    const by = `${MARKER} at ${task.location.file}:${marker.line}`;
    return { ...task, suppressed: marker.reason ? { by, reason: marker.reason } : { by } };
  });
  return changed ? { ...report, tasks } : report;
}

function findMarker(task: Task, readLines: ReadLines): { line: number; reason: string } | undefined {
  const { file, line } = task.location!;
  const lines = readLines(file);
  if (lines === undefined) return undefined;
  const own = ON_LINE_RE.exec(lines[line - 1] ?? '');
  if (own) return { line, reason: own[1]! };
  const above = ALONE_RE.exec(lines[line - 2] ?? '');
  if (above) return { line: line - 1, reason: above[1]! };
  return undefined;
}
