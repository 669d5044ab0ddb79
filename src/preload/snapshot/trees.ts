// Await trees (pure), once chains.ts has linked who awaits whom: each root task's chain is a tree of
// what it waits on. Shaped for reading:
//  - a .then()/.catch()/.finally() continuation waiting on one async function is folded into it
//    (`main().catch(log)` is the task async main(), continued by .catch());
//  - recursion (one function suspended at one line, each level awaiting the next) is one level
//    with a count;
//  - an async function whose await no recorded work will settle ends in "a promise that nothing
//    settles", at its own level.
import { WAITING_CONTINUATION } from '../../report/kinds.js';
import type { Task } from '../../report/types.js';
import { continuationMethod } from './promise-tasks.js';
import { baseTask } from './task.js';

export const NOTHING_SETTLES = 'a promise that nothing settles';

export function shapeTree(root: Task): Task {
  const top = foldContinuations(root);
  collapseRecursion(top);
  endLeaves(top);
  if (top.type === 'Promise' && top.state === 'pending' && endsInWork(top)) {
    // Not "a promise that is never settled": what it waits for is in its chain.
    top.hint = WAITING_CONTINUATION;
  }
  return top;
}

function isContinuation(task: Task): boolean {
  return task.kind === 'promise' && task.type === 'Promise' && continuationMethod.has(task);
}

/** A continuation that waits on exactly one task, and nothing else, becomes part of that task. */
function foldContinuations(root: Task): Task {
  let top = root;
  const folded: Task[] = [];
  while (isContinuation(top) && top.chain.length === 1 && top.chain[0]!.kind === 'promise') {
    folded.push(top);
    top = top.chain[0]!;
  }
  if (folded.length === 0) return root;
  const into: Task = { ...top };
  into.continuations = [
    ...folded.map((c) => ({ method: continuationMethod.get(c)!, location: c.location })),
    ...(top.continuations ?? []),
  ];
  // The outermost continuation is what the runner's test and the process's count saw.
  const outer = folded[0]!;
  if (outer.test !== undefined) into.test = outer.test;
  into.severity = outer.severity;
  // A function resumed before it suspended has no caller on its stack: it was called where the
  // continuation was chained to it.
  const own = into.location;
  if (!own || (into.suspendedAt && own.file === into.suspendedAt.file && own.line === into.suspendedAt.line)) {
    into.location = outer.location;
  }
  into.state = outer.state === 'destroyed' || top.state === 'destroyed' ? 'destroyed' : top.state;
  return into;
}

function sameLevel(a: Task, b: Task): boolean {
  const as = a.suspendedAt;
  const bs = b.suspendedAt;
  return (
    a.kind === 'promise' &&
    a.type === b.type &&
    a.description === b.description &&
    as != null &&
    bs != null &&
    as.file === bs.file &&
    as.line === bs.line &&
    a.location?.file === b.location?.file &&
    a.location?.line === b.location?.line
  );
}

/** f awaiting f awaiting f, all suspended at one line and called from one line: one level ×n. */
function collapseRecursion(task: Task): void {
  for (let i = 0; i < task.chain.length; i++) {
    let level = task.chain[i]!;
    while (level.chain.length === 1 && sameLevel(level, level.chain[0]!)) {
      const inner = level.chain[0]!;
      level = { ...level, recursion: (level.recursion ?? 1) + (inner.recursion ?? 1), chain: inner.chain };
    }
    task.chain[i] = level;
    collapseRecursion(level);
  }
}

/** An async function (or continuation) that waits on nothing recorded waits on a promise that nothing
 * settles: said at its own level. */
function endLeaves(task: Task): void {
  for (const link of task.chain) endLeaves(link);
  if (task.kind !== 'promise' || task.chain.length > 0) return;
  const settles = baseTask('promise', 'Promise', task.state, [], undefined, task.pids[0] ?? 0);
  settles.description = NOTHING_SETTLES;
  task.chain.push(settles);
}

/** Whether a handle (a timer, a socket) is somewhere below: then something may still settle it. */
function endsInWork(task: Task): boolean {
  return task.chain.some((link) => link.kind === 'handle' || endsInWork(link));
}
