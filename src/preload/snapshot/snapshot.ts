// A snapshot of what this thread has pending, as report tasks: one impure read of the tables into
// records (read.ts), then pure passes (handle-tasks.ts, promise-tasks.ts, chains.ts). Callable at
// exit, at a test's end or on request, any number of times.
import type { Task } from '../../report/types.js';
import { closeInspector } from '../source/inspector.js';
import { rootDir } from '../source/frames.js';
import { sourceLine } from '../source/source-line.js';
import { linkChains, linkHandles } from './chains.js';
import { buildHandleTasks } from './handle-tasks.js';
import { buildPromiseTasks } from './promise-tasks.js';
import { readRecords, type ReadOptions } from './read.js';
import type { Records } from './records.js';

export interface Snapshot {
  /** Root tasks: what an async function awaits is in its chain, not a task of its own. */
  tasks: Task[];
  /** See ProcessInfo.unrecordedAwaits. */
  unrecordedAwaits: number;
  /** Every pending entry read (what a per-test check has now judged): a handle's async id, an
   * await's promise id negated (the two may come from different counters: hooks/promises.ts). */
  ids: number[];
}

export type SnapshotOptions = ReadOptions;

export function snapshot(opts: SnapshotOptions = {}): Snapshot {
  try {
    const snap = tasksOf(readRecords(opts));
    addSuspendedCode(snap.tasks);
    return snap;
  } finally {
    // Opened by the read only if a frame or a callback needed it.
    closeInspector();
  }
}

/** The pure part: records -> tasks. */
export function tasksOf(records: Records): Snapshot {
  const handleTasks = buildHandleTasks(records.handles, records.pid);
  const handleList = [...handleTasks.built.values()];
  const promises = buildPromiseTasks(records.awaits, records.unrecorded, records.pid);
  const subscribed = new Map<number, number>();
  for (const r of records.awaits) {
    const first = subscribed.get(r.parent);
    if (first === undefined || r.id < first) subscribed.set(r.parent, r.id);
  }
  const pending = { made: records.pendingBefore, subscribed, unrecorded: records.unrecorded };
  linkHandles(promises.built, handleList, pending);
  const tasks: Task[] = linkChains(promises.built, pending);
  for (const h of handleList) if (!h.covered) tasks.push(h.task);
  tasks.push(...handleTasks.unlocated);
  const ids = [...records.handles.map((r) => r.id), ...records.awaits.map((r) => -r.id)];
  return { tasks, unrecordedAwaits: promises.unattributed, ids };
}

/** Lines of source read per snapshot: enough for every suspended level a person reads. */
const MAX_CODE_LINES = 1000;

/** The text of each suspended line ("await ready;"), read from the source files. */
function addSuspendedCode(tasks: Task[]): void {
  const root = rootDir();
  let budget = MAX_CODE_LINES;
  const visit = (task: Task): void => {
    const at = task.suspendedAt;
    if (at && budget-- > 0) {
      const code = sourceLine(root, at.file, at.line);
      if (code !== undefined) task.suspendedCode = code;
    }
    for (const link of task.chain) visit(link);
  };
  for (const task of tasks) visit(task);
}
