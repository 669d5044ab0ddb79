// A report task in the making, shared by the passes that build handle and promise tasks.
import type { Frame, Task, TestInfo } from '../../report/types.js';
import type { Resolved } from './records.js';

/** A recorded await or .then(), by the async ids chains are linked by (records.ts). */
export interface Member {
  id: number;
  parent: number;
  exec: number;
}

export interface Built {
  /** Creation order (async id); awaits of one recursive first segment are made innermost first. */
  id: number;
  task: Task;
  resolved: Resolved;
  /** Already shown inside another task's chain. */
  covered: boolean;
  /** Promise tasks: the recorded subscriptions it groups. */
  members?: Member[];
}

export function baseTask(
  kind: Task['kind'],
  type: string,
  state: Task['state'],
  user: Frame[],
  ageMs: number | undefined,
  pid: number,
  test?: TestInfo,
): Task {
  const task: Task = {
    kind,
    type,
    description: type,
    severity: 'error',
    refed: false,
    state,
    count: 1,
    pids: [pid],
    location: user[0] ? { file: user[0].file, line: user[0].line, column: user[0].column } : null,
    stack: user,
    chain: [],
  };
  if (ageMs !== undefined) task.ageMs = ageMs;
  if (test !== undefined) task.test = test;
  return task;
}

/** Adds `n` tasks of the same kind to `into`: a group of identical tasks, or tasks that had no
 * stack of their own (`unrecorded`) counted where they belong. */
export function absorb(into: Task, n: number, ageMs: number | undefined, unrecorded: boolean): void {
  into.count += n;
  if (unrecorded) into.unrecorded = (into.unrecorded ?? 0) + n;
  if (ageMs !== undefined) into.ageMs = Math.min(into.ageMs ?? Infinity, ageMs);
}

export function frameKey(frame: { file: string; line: number; column: number }): string {
  return `${frame.file}:${frame.line}:${frame.column}`;
}
