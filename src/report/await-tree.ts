// A task's await tree as text: each level with what it is, where it is suspended (and the source
// text of that line) and where it was called from; the leaf the concrete thing it waits on.
//
//   async main() suspended at app.mjs:12 (called from line 15)
//   │ await waitForReady();
//   └─ async waitForReady() suspended at app.mjs:5 (called from line 12)
//      │ await ready;
//      └─ a promise that nothing settles
import { formatAge } from './text.js';
import type { Location, Task } from './types.js';

export interface TreeOptions {
  /** Applied to the source lines (dim in a terminal). */
  code?: (text: string) => string;
  /** Applied to descriptions (annotations drop ports and pids). */
  text?: (text: string) => string;
}

const BRANCH = '├─ ';
const LAST = '└─ ';
const PIPE = '│  ';
const SPACE = '   ';

/** The tree below (and including) `task`; empty when it waits on nothing recorded. */
export function awaitTreeLines(task: Task, opts: TreeOptions = {}): string[] {
  if (task.chain.length === 0) return [];
  const lines: string[] = [];
  // A handle's chain is what it holds (a server's connections, a child's pipes): no root line.
  if (task.kind === 'promise') {
    lines.push(...level(task, '', '', opts));
  } else {
    task.chain.forEach((link, i) => {
      const last = i === task.chain.length - 1;
      lines.push(...level(link, last ? LAST : BRANCH, last ? SPACE : PIPE, opts));
    });
  }
  return lines;
}

function level(task: Task, first: string, rest: string, opts: TreeOptions): string[] {
  const lines = [first + describe(task, opts)];
  const below = task.chain.length > 0 ? `${rest}│ ` : `${rest}  `;
  if (task.suspendedCode !== undefined && task.type === 'AsyncFunction') {
    lines.push(below + (opts.code ?? String)(task.suspendedCode));
  }
  task.chain.forEach((link, i) => {
    const last = i === task.chain.length - 1;
    lines.push(...level(link, rest + (last ? LAST : BRANCH), rest + (last ? SPACE : PIPE), opts));
  });
  return lines;
}

function where(location: Location): string {
  return `${location.file}:${location.line}`;
}

/** "line 15" when in the file just named, else "src/app.ts:15". */
function near(location: Location, file: string | undefined): string {
  return location.file === file ? `line ${location.line}` : where(location);
}

/** One level, on one line. */
export function describe(task: Task, opts: TreeOptions = {}): string {
  const text = (opts.text ?? String)(task.description);
  const times = task.recursion ? ` ×${task.recursion} (recursion)` : task.count > 1 ? ` ×${task.count}` : '';
  const parts = [`${text}${times}`];
  if (task.kind === 'handle') {
    if (task.location) parts.push(`created at ${where(task.location)}`);
    const due = dueIn(task);
    if (due !== undefined) parts.push(`(due in ${formatAge(due)})`);
    if (!task.refed) parts.push("(unref'd)");
    return parts.join(' ');
  }
  if (task.state === 'destroyed') parts.push('(garbage-collected while pending)');
  const at = task.suspendedAt;
  if (task.type === 'AsyncFunction' && at) {
    parts.push(`suspended at ${where(at)}`);
    const called: string[] = [];
    if (task.location && (task.location.file !== at.file || task.location.line !== at.line)) {
      called.push(`called from ${near(task.location, at.file)}`);
    }
    for (const c of task.continuations ?? []) {
      called.push(`continued by .${c.method}()${c.location ? ` at ${near(c.location, at.file)}` : ''}`);
    }
    if (called.length > 0) parts.push(`(${called.join(', ')})`);
  } else if (at) {
    parts.push(`at ${where(at)}`);
  }
  return parts.join(' ');
}

const TIMER = /^set(Timeout|Interval)\(…, (\d+)\)/;

/** A timer's time left at the report, from its delay and age (an interval: until its next run). */
function dueIn(task: Task): number | undefined {
  const m = task.type === 'Timeout' && task.ageMs !== undefined ? TIMER.exec(task.description) : null;
  if (!m) return undefined;
  const delay = Number(m[2]);
  if (delay <= 0) return undefined;
  return m[1] === 'Interval' ? delay - (task.ageMs! % delay) : Math.max(0, delay - task.ageMs!);
}
