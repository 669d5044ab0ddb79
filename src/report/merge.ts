// Merges per-process (or already merged) reports into one: pure, reads no files, and its output
// does not depend on the order of its input (like Node's mergeCoverageScripts in
// lib/internal/test_runner/coverage.js).
import { fingerprint } from './fingerprint.js';
import { REPORT_VERSION } from './types.js';
import type { Frame, ProcessInfo, Report, Task } from './types.js';

export function merge(reports: Report[]): Report {
  // Reports are visited in pid order so that chains (whose order is first-seen) come out the same
  // whatever order the report files were read in.
  const ordered = reports
    .map((report, index) => ({ report, index, first: firstProcess(report) }))
    .sort((a, b) => compareProcess(a.first, b.first) || a.index - b.index)
    .map((entry) => entry.report);

  const groups = new Map<string, Task>();
  for (const report of ordered) {
    const ownPids = [...new Set(report.processes.map((p) => p.pid))];
    for (const task of report.tasks) {
      // A per-process report may leave pids empty; its single process is then the obvious owner.
      const pids = task.pids.length === 0 && ownPids.length === 1 ? ownPids : task.pids;
      addTo(groups, { ...task, pids });
    }
  }

  // Every report that went through a merge carries fingerprints, the preload's per-process ones as
  // much as the wrapper's: computed again rather than trusted, so reports of older versions agree.
  for (const task of groups.values()) task.fingerprint = fingerprint(task);
  return {
    version: REPORT_VERSION,
    processes: mergeProcesses(ordered.flatMap((r) => r.processes)),
    tasks: [...groups.values()].sort(compareTasks),
  };
}

/** The grouping key: two tasks with the same key are the same leak, created at the same place. */
export function taskKey(task: Task): string {
  const loc = task.location;
  return JSON.stringify([
    task.kind,
    task.type,
    task.state,
    task.severity,
    // Not in the minimal key of the brief, but a ref'd and an unref'd timer from one line are two
    // different findings (only one keeps the process alive) and must not be shown as one.
    task.refed,
    task.description,
    loc ? `${loc.file}:${loc.line}:${loc.column}` : null,
    task.stack.map(frameKey),
    // The same line leaked by two tests is two findings, one per test.
    task.test ? [task.test.file, task.test.name, task.test.hook ?? null] : null,
    task.perTest === true,
    // What the baseline covers of a group and what it does not are two entries (suppress.ts).
    task.suppressed ? task.suppressed.by : null,
  ]);
}

function frameKey(frame: Frame): string {
  return `${frame.file}:${frame.line}:${frame.column}`;
}

function addTo(groups: Map<string, Task>, task: Task): void {
  const key = taskKey(task);
  const existing = groups.get(key);
  groups.set(key, existing ? combine(existing, task) : copyTask(task));
}

/** Both tasks have the same key; `a` is a fresh copy owned by the merge and may be replaced. */
function combine(a: Task, b: Task): Task {
  const merged: Task = {
    ...a,
    count: a.count + b.count,
    pids: [...new Set([...a.pids, ...b.pids])].sort((x, y) => x - y),
    chain: mergeChains(a.chain, b.chain),
  };
  const ageMs = minDefined(a.ageMs, b.ageMs);
  if (ageMs !== undefined) merged.ageMs = ageMs;
  if (merged.hint === undefined && b.hint !== undefined) merged.hint = b.hint;
  if (a.unrecorded !== undefined || b.unrecorded !== undefined)
    merged.unrecorded = (a.unrecorded ?? 0) + (b.unrecorded ?? 0);
  if (merged.suspendedAt == null && b.suspendedAt != null) merged.suspendedAt = { ...b.suspendedAt };
  if (b.foldedFrames !== undefined && (merged.foldedFrames === undefined || b.foldedFrames > merged.foldedFrames)) {
    merged.foldedFrames = b.foldedFrames;
  }
  return merged;
}

/** Chains keep their order (innermost last); elements with the same key are merged recursively. */
function mergeChains(a: Task[], b: Task[]): Task[] {
  const groups = new Map<string, Task>();
  for (const task of [...a, ...b]) addTo(groups, task);
  return [...groups.values()];
}

/** A deep copy with the known fields first, in contract order, and any extra fields kept. */
function copyTask(task: Task): Task {
  const copy: Task = {
    kind: task.kind,
    type: task.type,
    description: task.description,
    severity: task.severity,
    refed: task.refed,
    state: task.state,
    count: task.count,
    pids: [...new Set(task.pids)].sort((x, y) => x - y),
    location: task.location ? { ...task.location } : null,
    stack: task.stack.map((frame) => ({ ...frame })),
    chain: mergeChains([], task.chain),
  };
  if (task.ageMs !== undefined) copy.ageMs = task.ageMs;
  if (task.hint !== undefined) copy.hint = task.hint;
  if (task.suspendedAt !== undefined) copy.suspendedAt = task.suspendedAt ? { ...task.suspendedAt } : null;
  if (task.foldedFrames !== undefined) copy.foldedFrames = task.foldedFrames;
  if (task.unrecorded !== undefined) copy.unrecorded = task.unrecorded;
  const known = copy as unknown as Record<string, unknown>;
  for (const [field, value] of Object.entries(task)) {
    if (!(field in known)) known[field] = structuredClone(value);
  }
  return copy;
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

function mergeProcesses(processes: ProcessInfo[]): ProcessInfo[] {
  // The same thread can be listed twice (merging a merged report again, or the wrapper adding a
  // "missing report" entry for a process whose report did arrive): keep one, preferring a real report.
  const byThread = new Map<string, ProcessInfo>();
  for (const p of processes) {
    const key = `${p.pid}:${p.threadId ?? 0}`;
    const seen = byThread.get(key);
    if (!seen || (seen.missingReport && !p.missingReport)) byThread.set(key, structuredClone(p));
  }
  return [...byThread.values()].sort(compareProcess);
}

function firstProcess(report: Report): ProcessInfo | undefined {
  return [...report.processes].sort(compareProcess)[0];
}

function compareProcess(a: ProcessInfo | undefined, b: ProcessInfo | undefined): number {
  if (!a || !b) return a ? -1 : b ? 1 : 0;
  return a.pid - b.pid || (a.threadId ?? 0) - (b.threadId ?? 0);
}

/** What is reported before what is suppressed; errors first, then by place (tasks without one
 * last), then by what they are. */
export function compareTasks(a: Task, b: Task): number {
  return (
    Number(a.suppressed !== undefined) - Number(b.suppressed !== undefined) ||
    severityRank(a) - severityRank(b) ||
    compareLocation(a, b) ||
    compareStrings(a.type, b.type) ||
    compareStrings(a.description, b.description) ||
    compareStrings(taskKey(a), taskKey(b))
  );
}

function severityRank(task: Task): number {
  return task.severity === 'error' ? 0 : 1;
}

function compareLocation(a: Task, b: Task): number {
  const la = a.location;
  const lb = b.location;
  if (!la || !lb) return la ? -1 : lb ? 1 : 0;
  return compareStrings(la.file, lb.file) || la.line - lb.line || la.column - lb.column;
}

// Code-unit order, not localeCompare: the output must not depend on the machine's locale.
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
