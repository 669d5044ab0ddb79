// Baselines: the leaks a project knows of and does not fail on yet (--baseline), keyed by
// fingerprint, with a count that ratchets: a baseline of 3 and a run with 5 fails on the 2 new.
// Pure: cli/baseline-file.ts reads and writes the file.
import { compareTasks } from './merge.js';
import { formatLocation } from './text.js';
import { BASELINE_VERSION } from './types.js';
import type { Baseline, BaselineEntry, BaselineUse, Report, Task } from './types.js';

export const BASELINE_BY = 'baseline';

/** The baseline of what this report still has unsuppressed (what --update-baseline writes). */
export function buildBaseline(report: Report): Baseline {
  const byPrint = new Map<string, BaselineEntry>();
  for (const task of [...report.tasks].sort(compareTasks)) {
    if (task.suppressed !== undefined && task.suppressed.by !== BASELINE_BY) continue;
    const print = task.fingerprint;
    if (print === undefined) continue;
    const seen = byPrint.get(print);
    if (seen) seen.count += task.count;
    else byPrint.set(print, entryFor(task, print));
  }
  return { version: BASELINE_VERSION, entries: [...byPrint.values()].sort(compareEntries) };
}

function entryFor(task: Task, print: string): BaselineEntry {
  const entry: BaselineEntry = {
    fingerprint: print,
    count: task.count,
    kind: `${task.kind}/${task.type}`,
    description: stableDescription(task.description),
  };
  if (task.location) entry.location = formatLocation(task.location, false);
  if (task.test) entry.test = `${task.test.file} > ${task.test.name}${task.test.hook ? ` (${task.test.hook})` : ''}`;
  return entry;
}

/** The description without what changes on every run (ports, pids), so that rewriting the baseline
 * changes only what changed in the code. */
function stableDescription(description: string): string {
  return description
    .replace(/(\d+\.\d+\.\d+\.\d+|\[[0-9a-fA-F:.]*\]|localhost):\d+/g, '$1:<port>')
    .replace(/\bpid \d+/g, 'pid <pid>');
}

/** By file, then what it is: an edit that shifts lines changes an entry's "location", never the
 * order of the file. */
function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return (
    compare(fileOf(a), fileOf(b)) ||
    compare(a.test ?? '', b.test ?? '') ||
    compare(a.description ?? '', b.description ?? '') ||
    compare(a.fingerprint, b.fingerprint)
  );
}

function fileOf(entry: BaselineEntry): string {
  return entry.location?.replace(/:\d+$/, '') ?? '\uffff';
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The file: one entry per fingerprint, fields in a fixed order, two-space JSON. */
export function formatBaseline(baseline: Baseline): string {
  const entries = baseline.entries.map((e) => {
    const entry: BaselineEntry = { fingerprint: e.fingerprint, count: e.count };
    for (const field of ['kind', 'description', 'location', 'test'] as const) {
      if (e[field] !== undefined) entry[field] = e[field];
    }
    return entry;
  });
  return `${JSON.stringify({ version: baseline.version, entries }, null, 2)}\n`;
}

/** A parsed baseline file, or the one thing wrong with it. */
export function parseBaseline(text: string): Baseline | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `invalid JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'expected an object' };
  const { version, entries } = value as { version?: unknown; entries?: unknown };
  if (version !== BASELINE_VERSION) {
    return { error: `unknown baseline version ${JSON.stringify(version)} (this lingering reads ${BASELINE_VERSION})` };
  }
  if (!Array.isArray(entries)) return { error: '"entries" must be an array' };
  for (const [i, entry] of entries.entries()) {
    const e = entry as Partial<BaselineEntry> | null;
    if (typeof e !== 'object' || e === null || typeof e.fingerprint !== 'string' || e.fingerprint === '') {
      return { error: `entry ${i + 1} has no "fingerprint"` };
    }
    if (typeof e.count !== 'number' || !Number.isInteger(e.count) || e.count < 1) {
      return { error: `entry ${i + 1} (${e.fingerprint}) must have a "count" of 1 or more` };
    }
  }
  return { version: BASELINE_VERSION, entries: entries as BaselineEntry[] };
}

/**
 * Marks what the baseline covers as suppressed by it, fingerprint by fingerprint, up to each entry's
 * count, errors first: a group with more tasks than its entry is split in two, the known part
 * suppressed and the rest reported. Tasks the baseline suppressed before (a merged report) are
 * judged again against this baseline.
 */
export function applyBaseline(report: Report, baseline: Baseline): Report {
  const left = new Map<string, number>();
  for (const entry of baseline.entries) left.set(entry.fingerprint, (left.get(entry.fingerprint) ?? 0) + entry.count);
  const recorded = new Map(left);

  const tasks: Task[] = [];
  for (const original of [...report.tasks].sort(compareTasks)) {
    const task = unsuppressBaseline(original);
    const print = task.fingerprint;
    const budget = print === undefined || task.suppressed !== undefined ? 0 : (left.get(print) ?? 0);
    if (budget === 0) {
      tasks.push(task);
      continue;
    }
    left.set(print!, Math.max(0, budget - task.count));
    if (task.count <= budget) {
      tasks.push({ ...task, suppressed: { by: BASELINE_BY } });
      continue;
    }
    // Split: `budget` of them are known, the rest are new.
    const known: Task = { ...task, count: budget, suppressed: { by: BASELINE_BY } };
    const fresh: Task = { ...task, count: task.count - budget };
    if (task.unrecorded !== undefined) {
      known.unrecorded = Math.min(task.unrecorded, budget);
      fresh.unrecorded = Math.min(task.unrecorded - known.unrecorded, fresh.count);
      if (known.unrecorded === 0) delete known.unrecorded;
      if (fresh.unrecorded === 0) delete fresh.unrecorded;
    }
    tasks.push(fresh, known);
  }

  const use: BaselineUse = { known: 0, gone: [], fewer: [] };
  for (const task of tasks) if (task.suppressed?.by === BASELINE_BY) use.known += task.count;
  const reported = new Set<string>();
  for (const entry of baseline.entries) {
    if (reported.has(entry.fingerprint)) continue;
    reported.add(entry.fingerprint);
    const total = recorded.get(entry.fingerprint)!;
    const now = total - left.get(entry.fingerprint)!;
    if (now === 0) use.gone.push({ ...entry, count: total });
    else if (now < total) use.fewer.push({ ...entry, count: total, now });
  }
  return {
    ...report,
    tasks: tasks.sort(compareTasks),
    suppression: { rules: report.suppression?.rules ?? [], baseline: use },
  };
}

function unsuppressBaseline(task: Task): Task {
  if (task.suppressed?.by !== BASELINE_BY) return task;
  const copy = { ...task };
  delete copy.suppressed;
  return copy;
}
