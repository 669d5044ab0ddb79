// Ignore patterns (config `ignore`, `--ignore`, LINGERING_IGNORE). One pattern can name:
// - a resource type, case-insensitively: "Timeout", "TCPSERVERWRAP", "AsyncFunction";
// - a file glob, when it contains "/", "*" or "?" or ends in a file extension: "src/**/*.ts",
//   "legacy/", "*.test.ts", "app.js". Matched against the task's location and every stack frame.
//   Like .gitignore, a glob without "/" matches a file name at any depth; a trailing "/" means
//   everything under that directory;
// - a function name in the stack, exactly: "startHeartbeat", "Server.listen".
// A pattern is tried in every way it can be read, so "Server.listen" is a function name even though it
// looks like a file with the extension ".listen".
import type { Report, Task } from './types.js';

export type TaskMatcher = (task: Task) => boolean;

export function applyIgnore(report: Report, patterns: string[]): Report {
  const ignored = compileIgnore(patterns);
  return {
    ...report,
    processes: report.processes.map((p) => ({ ...p })),
    tasks: report.tasks.filter((task) => !ignored(task)),
  };
}

export function isIgnored(task: Task, patterns: string[]): boolean {
  return compileIgnore(patterns)(task);
}

/** Compiles the patterns once; use it to test many tasks. */
export function compileIgnore(patterns: string[]): TaskMatcher {
  const names = new Set<string>();
  const types = new Set<string>();
  const globs: RegExp[] = [];
  for (const raw of patterns) {
    const pattern = raw.trim();
    if (pattern === '') continue;
    names.add(pattern);
    types.add(pattern.toLowerCase());
    if (isGlob(pattern)) globs.push(globToRegExp(pattern));
  }
  if (names.size === 0) return () => false;

  const fileMatches = (file: string): boolean => {
    const normalized = normalizePath(file);
    return globs.some((re) => re.test(normalized));
  };
  return (task) =>
    types.has(task.type.toLowerCase()) ||
    task.stack.some((frame) => names.has(frame.function)) ||
    (globs.length > 0 &&
      ((task.location !== null && fileMatches(task.location.file)) ||
        task.stack.some((frame) => fileMatches(frame.file))));
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
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(anchored ? `^${source}$` : `(?:^|/)${source}$`);
}

/** Forward slashes, no leading "./": the shape of the paths in a report. */
function normalizePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(?:\.\/)+/, '');
}
