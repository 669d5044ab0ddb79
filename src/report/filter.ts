// Ignore patterns (config `ignore`, `--ignore`, LINGERING_IGNORE). One pattern can name:
// - what the user reads in the report, case-insensitively: the noun of a headline ("Timer",
//   "Server", "Socket", "ChildProcess", "Worker", "FileHandle", "Task": every suspended async
//   function and pending promise), "Interval" and "Timeout" for the two kinds of timer, or Node's
//   async_hooks type ("TCPSERVERWRAP", "AsyncFunction", "Promise");
// - a file glob, when it contains "/", "*" or "?" or ends in a file extension: "src/**/*.ts",
//   "legacy/", "*.test.ts", "app.js". It matches the creation site only (the task's location, its
//   first user frame), not every frame of its stack. Like .gitignore, a glob without "/" matches a
//   file name at any depth; a trailing "/" means everything under that directory;
// - a function name in the stack, exactly: "startHeartbeat", "Server.listen";
// - `frame:<glob>`: any frame of the stack, by file glob or function name ("frame:src/pool/**",
//   "frame:Queue.*");
// - `test:<glob>`: the name of the test that made it (`*` is any text): "test:queue > *".
// A pattern is tried in every way it can be read, so "Server.listen" is a function name even though it
// looks like a file with the extension ".listen".
import { handleNoun } from './kinds.js';
import type { IgnoreRuleUse, Report, SuppressionSummary, Task } from './types.js';

export type TaskMatcher = (task: Task) => boolean;

/** An ignore rule: a pattern, and why (config objects `{ "pattern": …, "reason": … }`). */
export interface IgnoreRule {
  pattern: string;
  reason?: string;
}

/**
 * Marks what the patterns match as suppressed (`suppressed: { by: <pattern> }`): kept in the
 * report, left out of what fails and of what is shown, and counted per pattern (`suppression`).
 */
export function applyIgnore(report: Report, patterns: Array<string | IgnoreRule>): Report {
  const rules = patterns.map((p) => (typeof p === 'string' ? { pattern: p } : p)).filter((r) => r.pattern.trim());
  if (rules.length === 0) return report;
  const matchers = rules.map((rule) => compileRule(rule.pattern));
  const counts = rules.map(() => 0);
  const tasks = report.tasks.map((task) => {
    if (task.suppressed !== undefined) {
      // Suppressed before (a shard's report merged again): still counts for its rule.
      const i = rules.findIndex((rule) => rule.pattern === task.suppressed!.by);
      if (i >= 0) counts[i]! += task.count;
      return task;
    }
    const i = matchers.findIndex((matches) => matches(task));
    if (i < 0) return task;
    counts[i]! += task.count;
    const rule = rules[i]!;
    return { ...task, suppressed: rule.reason ? { by: rule.pattern, reason: rule.reason } : { by: rule.pattern } };
  });
  const uses: IgnoreRuleUse[] = rules.map((rule, i) =>
    rule.reason
      ? { rule: rule.pattern, reason: rule.reason, tasks: counts[i]! }
      : { rule: rule.pattern, tasks: counts[i]! },
  );
  const suppression: SuppressionSummary = { ...report.suppression, rules: uses };
  return { ...report, processes: report.processes.map((p) => ({ ...p })), tasks, suppression };
}

export function isIgnored(task: Task, patterns: string[]): boolean {
  return compileIgnore(patterns)(task);
}

/** Compiles the patterns once; use it to test many tasks. */
export function compileIgnore(patterns: string[]): TaskMatcher {
  const matchers = patterns.filter((p) => p.trim() !== '').map(compileRule);
  return (task) => matchers.some((matches) => matches(task));
}

/** One pattern, read every way it can be (above). */
export function compileRule(raw: string): TaskMatcher {
  const pattern = raw.trim();
  if (pattern === '') return () => false;
  const prefixed = /^(frame|test):(.*)$/s.exec(pattern);
  if (prefixed) {
    const glob = prefixed[2]!.trim();
    if (prefixed[1] === 'test') {
      const name = nameGlobToRegExp(glob);
      return (task) => task.test !== undefined && name.test(task.test.name);
    }
    const file = globToRegExp(glob);
    const fn = nameGlobToRegExp(glob);
    return (task) => task.stack.some((frame) => fn.test(frame.function) || file.test(normalizePath(frame.file)));
  }
  const word = pattern.toLowerCase();
  const file = isGlob(pattern) ? globToRegExp(pattern) : null;
  return (task) => {
    if (wordsFor(task).includes(word)) return true;
    if (task.stack.some((frame) => frame.function === pattern)) return true;
    const site = task.location?.file ?? task.stack[0]?.file;
    return file !== null && site !== undefined && file.test(normalizePath(site));
  };
}

/** The words a task answers to, lowercase: its type, its headline noun without spaces, and for
 * timers which kind ("interval", "timeout"). */
export function wordsFor(task: Pick<Task, 'kind' | 'type' | 'description'>): string[] {
  const words = [task.type.toLowerCase()];
  if (task.kind === 'promise') {
    words.push('task');
  } else {
    words.push(
      handleNoun(task.type)
        .replace(/[\s/]+/g, '')
        .toLowerCase(),
    );
    if (task.type === 'Timeout') words.push(task.description.startsWith('setInterval') ? 'interval' : 'timeout');
  }
  return words;
}

const EXTENSION_RE = /\.[A-Za-z][A-Za-z0-9]*$/;

export function isGlob(pattern: string): boolean {
  return /[/\\*?]/.test(pattern) || EXTENSION_RE.test(pattern);
}

/**
 * `*` is any run of characters within one path segment, `?` one such character, `**` any number of
 * whole segments (including none). Everything else is literal.
 */
export function globToRegExp(glob: string): RegExp {
  let pattern = normalizePath(glob.trim());
  if (pattern.endsWith('/')) pattern += '**';
  // Without a "/", the glob names a file at any depth.
  const anchored = pattern.includes('/');
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*' && pattern[i + 1] === '*') {
      const atStart = i === 0 || pattern[i - 1] === '/';
      const atEnd = i + 2 === pattern.length || pattern[i + 2] === '/';
      i += 1;
      if (atStart && pattern[i + 1] === '/') {
        source += '(?:[^/]*/)*';
        i += 1;
      } else if (atStart && atEnd) {
        source += '.*';
      } else {
        source += '[^/]*';
      }
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += escapeRegExp(char);
    }
  }
  return new RegExp(anchored ? `^${source}$` : `(?:^|/)${source}$`);
}

/** Names (tests, functions) are not paths: `*` is any text, `?` one character, the whole name. */
function nameGlobToRegExp(glob: string): RegExp {
  const source = Array.from(glob, (char) => (char === '*' ? '.*' : char === '?' ? '.' : escapeRegExp(char))).join('');
  return new RegExp(`^${source}$`, 's');
}

function escapeRegExp(char: string): string {
  return char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Forward slashes, no leading "./": the shape of the paths in a report. */
function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
}
