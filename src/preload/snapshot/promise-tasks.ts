// Await records -> promise tasks (pure): an async function suspended at an await, or a .then()
// continuation, in user code. Identical ones (same stack: the same code path) are one task with a
// count; awaits counted without a stack are added to the task their promise's recorded awaits all
// belong to.
import { hintFor } from '../../report/kinds.js';
import { taskKey } from '../../report/merge.js';
import type { Task } from '../../report/types.js';
import type { RawFrame } from '../hooks/capture.js';
import type { AwaitRecord, Resolved } from './records.js';
import { callsInto, cleanName } from './chains.js';
import { absorb, baseTask, type Built } from './task.js';

const COMBINATORS = /(^|\.)(race|all|any|allSettled)$/;
const THEN = /(^|\.)(then|catch|finally)$/;

/** How a subscription was made, from the builtin frames between the hook and the first frame of a
 * file: through .then(), .catch() or .finally() (its name), an await (undefined), or null for the
 * subscriptions Promise.race/all make internally and V8's own thenable jobs, which are no task.
 * Raw frames only: read.ts decides with it, before mapping any frame, what is not worth mapping. */
export function subscriptionMethod(raw: RawFrame[]): string | undefined | null {
  let method: string | undefined;
  for (const frame of raw) {
    if (!frame.native) {
      if (frame.file && !frame.file.startsWith('node:')) {
        // A .then() whose caller is only an awaiting frame was made by V8 itself, resolving an async
        // function's promise with another promise (its thenable job): no code of the user's called
        // it. V8 in Node 26 gives it the awaiter's async frame; older ones gave it none.
        if (method !== undefined && frame.isAsync) return null;
        break;
      }
      continue;
    }
    if (COMBINATORS.test(frame.fn)) return null;
    // The outermost: .catch() and .finally() call .then() themselves.
    const then = THEN.exec(frame.fn);
    if (then) method = then[2];
  }
  return method;
}

/** Who subscribed; null when it is no task (subscriptionMethod). */
function describeAwait(resolved: Resolved): { type: string; description: string; method?: string } | null {
  const method = subscriptionMethod(resolved.raw);
  if (method === null) return null;
  const top = resolved.user[0]!;
  if (method !== undefined) {
    return { type: 'Promise', description: `promise.then() continuation in ${cleanName(top.function)}`, method };
  }
  return { type: 'AsyncFunction', description: `async ${cleanName(top.function)}()` };
}

/** Continuation tasks -> then, catch or finally (trees.ts folds them into what they wait on). */
export const continuationMethod = new WeakMap<Task, string>();

export interface PromiseTasks {
  built: Built[];
  /** Awaits counted without a stack that belong to no reported task. */
  unattributed: number;
}

export function buildPromiseTasks(records: AwaitRecord[], unrecorded: Map<number, number>, pid: number): PromiseTasks {
  const groups = new Map<string | number, Built>();
  /** Parent promise id -> the tasks its recorded awaits became (null: one was not reported). */
  const byParent = new Map<number, Set<Built> | null>();
  const note = (parent: number, b: Built | null): void => {
    const seen = byParent.get(parent);
    if (b === null || seen === null) byParent.set(parent, null);
    else if (seen) seen.add(b);
    else byParent.set(parent, new Set([b]));
  };
  for (const record of records) {
    const resolved = record.own;
    const what = resolved.user.length === 0 ? null : describeAwait(resolved);
    if (!what) {
      note(record.parent, null);
      continue;
    }
    const state = record.destroyed ? 'destroyed' : 'pending';
    const task = baseTask('promise', what.type, state, resolved.user, record.ageMs, pid, record.test);
    task.description = what.description;
    if (what.method !== undefined) continuationMethod.set(task, what.method);
    task.suspendedAt = task.location;
    // Reported where it was called (the caller's line); suspendedAt is the await itself.
    const caller = resolved.user[1];
    if (caller) task.location = { file: caller.file, line: caller.line, column: caller.column };
    task.foldedFrames = resolved.folded;
    // A recursive await's stack is the same at every level once truncated: those levels are one
    // chain (chains.ts), not copies of one task.
    const key = callsInto(task, task) > 0 ? record.id : taskKey(task);
    const member = { id: record.id, parent: record.parent, exec: record.exec };
    let b = groups.get(key);
    if (b) {
      absorb(b.task, 1, task.ageMs, false);
      b.members!.push(member);
    } else {
      task.hint = hintFor(task);
      b = { id: record.id, task, resolved, covered: false, members: [member] };
      groups.set(key, b);
    }
    note(record.parent, b);
  }

  let unattributed = 0;
  for (const [parent, n] of unrecorded) {
    const seen = byParent.get(parent);
    if (seen === null) continue; // waiting like awaits that are Node's or a library's own
    if (seen?.size === 1) {
      const [b] = seen;
      absorb(b!.task, n, undefined, true);
    } else {
      unattributed += n;
    }
  }
  return { built: [...groups.values()], unattributed };
}
