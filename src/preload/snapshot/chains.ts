// Linking tasks into chains (pure): an outer async function awaits an inner one, which awaits a
// handle or a promise. Each root task carries what it awaits as its chain, innermost last.
import type { Frame, Task } from '../../report/types.js';
import type { RawFrame } from '../hooks/capture.js';
import { sameLine } from '../source/frames.js';
import { PENDING_LOOKBACK } from './records.js';
import type { BuiltHandle } from './handle-tasks.js';
import type { Built, Member } from './task.js';
import { shapeTree } from './trees.js';

export function cleanName(fn: string): string {
  const name = fn.replace(/^async /, '');
  return name === '<anonymous>' || name === '' ? '<anonymous>' : name;
}

/** Where `inner` runs inside `outer`: the index of outer's suspension line among inner's callers,
 * or -1. */
export function callsInto(outer: Task, inner: Task): number {
  const top = outer.stack[0];
  if (!top) return -1;
  for (let i = 1; i < inner.stack.length; i++) {
    const f = inner.stack[i]!;
    if (sameLine(f, top) && cleanName(f.function) === cleanName(top.function)) return i;
  }
  return -1;
}

/** A handle made inside a promise executor that a task awaits (new Promise(r => setTimeout(r)))
 * is part of that task's chain: the task whose suspension line is the innermost caller of the
 * handle; else (the promise is awaited on another line than the call that made it) the first await
 * recorded after it, if made in the same execution, waiting on a promise made before it, in a
 * function on the handle's stack, with every promise still pending made in between awaited. */
export function linkHandles(tasks: Built[], handleTasks: BuiltHandle[], pending: Pending): void {
  const inExecutors: BuiltHandle[] = [];
  const others: BuiltHandle[] = [];
  for (const h of handleTasks) {
    if (h.resolved.raw.some(isPromiseConstructor)) inExecutors.push(h);
    else if (h.task.stack.length > 0) others.push(h);
  }
  if (inExecutors.length === 0 && others.length === 0) return;
  const awaits: Sub[] = [];
  for (const b of tasks) if (b.task.type === 'AsyncFunction') for (const m of b.members ?? []) awaits.push({ m, b });
  awaits.sort((x, y) => x.m.id - y.m.id);
  const awaitIds = awaits.map((s) => s.m.id);
  /** The await recorded next after the handle, in the handle's execution (timers keep none: 0),
   * waiting on a promise made before the handle, with every promise still pending made in between
   * awaited. */
  const awaitedNext = (h: BuiltHandle): Sub | undefined => {
    const at = h.record.order;
    const r = awaits[firstAbove(awaitIds, at)];
    if (!r || r.m.parent >= at || (h.record.exec !== 0 && r.m.exec !== h.record.exec)) return undefined;
    return accounted(pending, r.m.parent, at, Infinity) ? r : undefined;
  };
  for (const h of inExecutors) {
    if (h.covered) continue;
    /** The first await recorded after the handle in each task. */
    const next = (t: Built): number =>
      t.members?.reduce((min, m) => (m.id > h.record.order && m.id < min ? m.id : min), Infinity) ?? Infinity;
    // The handle's first user frame is the executor (new Promise(r => setTimeout(r))), awaited by
    // its caller; or, when the promise was made in Node's or a library's code (node:timers/promises,
    // a delay() package), the call whose await waits for it.
    const from = executorInLibrary(h) ? 0 : 1;
    let best: Built | undefined;
    let bestAt = Infinity;
    for (const t of tasks) {
      const top = t.task.stack[0]!;
      const at = h.task.stack.findIndex((f, i) => i >= from && sameLine(f, top));
      // One function suspended at one line in two calls: the one that awaited right after.
      if (at >= from && (at < bestAt || (at === bestAt && next(t) < next(best!)))) {
        best = t;
        bestAt = at;
      }
    }
    // A promise made in between may be subscribed later (an async function returning it).
    const r = best ? undefined : awaitedNext(h);
    if (r && r.m.id - r.m.parent <= PENDING_LOOKBACK) {
      const top = r.b.task.stack[0]!;
      if (h.task.stack.some((f, j) => j > 0 && sameFunction(f, top) && f.line <= top.line)) best = r.b;
    }
    if (best) {
      h.covered = true;
      best.task.chain.push(h.task);
    }
  }
  // A promise Node or a library makes without an executor, then the handle that settles it
  // (node:timers/promises on Node 22+: a deferred promise, then its Timeout): the await recorded
  // next, at the handle's own line and in the same function, waiting on a promise made just before
  // the handle, with no other pending promise made in between.
  for (const h of others) {
    if (h.covered) continue;
    const r = awaitedNext(h);
    if (!r || h.record.order - r.m.parent > DEFERRED_GAP) continue;
    const user = h.task.stack[0]!;
    const top = r.b.task.stack[0]!;
    if (!sameLine(user, top) || cleanName(user.function) !== cleanName(top.function)) continue;
    h.covered = true;
    r.b.task.chain.push(h.task);
  }
}

/** Ids between a deferred promise and the handle made to settle it (a Timeout right after). */
const DEFERRED_GAP = 4;

/** Whether the promise whose executor made the handle was constructed below the first user frame
 * (raw frames are innermost first): in Node's or a library's code the user's line called. */
function executorInLibrary(h: BuiltHandle): boolean {
  const { raw, firstUserRaw } = h.resolved;
  return raw.slice(0, firstUserRaw).some(isPromiseConstructor);
}

/** `new Promise(...)` on a stack: the handle was made in a promise's executor. */
function isPromiseConstructor(frame: RawFrame): boolean {
  return frame.native && frame.fn === 'Promise' && frame.isConstructor;
}

/** Whether following parent links from `from` reaches `to` (linking would close a cycle). */
function reaches(parentOf: Map<Built, Built>, from: Built, to: Built): boolean {
  for (let node: Built | undefined = from; node; node = parentOf.get(node)) if (node === to) return true;
  return false;
}

/** Same function in the same file (its line may differ: one call or one await spans lines). */
function sameFunction(a: Frame, b: Frame): boolean {
  return a.file === b.file && cleanName(a.function) === cleanName(b.function);
}

/** A recorded subscription and the task it is part of. */
interface Sub {
  m: Member;
  b: Built;
}

/** Subscriptions examined per link: the ids between a promise and its subscriber are few. */
const MAX_SCAN = 256;

/** The index of the first number above `value` in `sorted` (ascending). */
function firstAbove(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** What the tables said besides the awaits' tasks (records.ts). */
export interface Pending {
  /** Records.pendingBefore. */
  made: number[];
  /** Pending promise -> the id of the first recorded await or .then() on it (any, not only those
   * that became tasks). */
  subscribed: Map<number, number>;
  /** Records.unrecorded: pending promises with subscribers recorded without a stack. */
  unrecorded: Map<number, number>;
}

/** Whether every promise still pending made after `from` and before `to` had a subscriber by `by`
 * (else something between the two made a promise that nothing waits for). Pending.made holds the
 * ids up to PENDING_LOOKBACK before each await: `to` is at most the id of one. */
function accounted(pending: Pending, from: number, to: number, by: number): boolean {
  if (to - from > PENDING_LOOKBACK) return false;
  const { made } = pending;
  for (let i = firstAbove(made, from); i < made.length && made[i]! < to; i++) {
    const id = made[i]!;
    const first = pending.subscribed.get(id);
    if (!(first !== undefined && first <= by) && !pending.unrecorded.has(id)) return false;
  }
  return true;
}

/**
 * Links by the async ids recorded with each await and .then() (hooks/promises.ts): the promise it
 * waits on (its parent), its own, and the one whose callback it ran in (exec). async_hooks does not
 * say which async function an await suspends, so an async function's own promise is found by
 * creation order:
 * 1. a subscription to a promise that is itself a recorded .then() waits on that one (exact);
 * 2. an async function that is suspended at its first await made it after its own promise was made
 *    and before its caller subscribed to that promise: the first await recorded between the two
 *    whose stack calls from the subscriber's function (at any line) is that function's, provided
 *    every other promise still pending that was made in between is awaited there (else some other
 *    call made it);
 * 3. one that was resumed is named by V8 (`at async f`) when an async function awaits it: f's
 *    recorded await at or nearest after that line;
 * 4. one resumed by a .then() (which V8 does not name) ran in the promise of the await it resumed
 *    from; the async function's own promise is then the last still-pending promise made before
 *    that await, unless that function made another one since (then its subscriber is called from
 *    that function, or nothing is linked).
 */
function linkByIds(tasks: Built[], pending: Pending, link: (outer: Built, inner: Built) => boolean): void {
  const subs: Sub[] = [];
  for (const b of tasks) for (const m of b.members ?? []) subs.push({ m, b });
  if (subs.length === 0) return;
  const byId = new Map<number, Sub>();
  for (const s of subs) byId.set(s.m.id, s);
  const made = pending.made;
  const isAwait = (b: Built): boolean => b.task.type === 'AsyncFunction';
  /** Subscriptions that found what they wait on. */
  const found = new Set<Member>();
  /** Awaits already placed under a subscriber. */
  const claimed = new Set<Member>();

  // 1. Exact: it waits on a recorded .then()'s promise.
  for (const x of subs) {
    const target = byId.get(x.m.parent);
    if (!target || target.b === x.b) continue;
    found.add(x.m);
    claimed.add(target.m);
    link(x.b, target.b);
  }

  // 2. Suspended at its first await. Latest-made promise first, so that each takes the first await
  // after it that no later call took.
  const awaitsById = subs.filter((s) => isAwait(s.b)).sort((a, b) => a.m.id - b.m.id);
  const awaitIds = awaitsById.map((s) => s.m.id);
  const byParentDesc = subs.filter((s) => !found.has(s.m)).sort((a, b) => b.m.parent - a.m.parent);
  /** Per task, the promises its subscriptions already looked for (a million identical awaits on
   * one promise are one search). */
  const tried = new Map<Built, Set<number>>();
  for (const x of byParentDesc) {
    const where = x.b.task.stack[0];
    if (!where) continue;
    let parents = tried.get(x.b);
    if (!parents) tried.set(x.b, (parents = new Set()));
    if (parents.has(x.m.parent)) continue;
    parents.add(x.m.parent);
    for (let i = firstAbove(awaitIds, x.m.parent), n = 0; i < awaitsById.length && n < MAX_SCAN; i++, n++) {
      const r = awaitsById[i]!;
      if (r.m.id >= x.m.id) break;
      if (claimed.has(r.m) || r.b === x.b) continue;
      const { user, userAsync } = r.b.resolved;
      if (!user.some((f, j) => j > 0 && !userAsync[j] && sameFunction(f, where))) continue;
      if (accounted(pending, x.m.parent, r.m.id, r.m.id)) {
        claimed.add(r.m);
        found.add(x.m);
        link(x.b, r.b);
      }
      break;
    }
  }

  // 3. Resumed, and awaited by an async function that V8 names.
  const awaitsByFunction = new Map<string, Built[]>();
  for (const b of tasks) {
    const top = b.task.stack[0];
    if (!top || !isAwait(b)) continue;
    const key = `${top.file}|${cleanName(top.function)}`;
    const list = awaitsByFunction.get(key);
    if (list) list.push(b);
    else awaitsByFunction.set(key, [b]);
  }
  for (const r of tasks) {
    const members = r.members ?? [];
    if (members.length === 0 || members.some((m) => claimed.has(m))) continue;
    // Awaited right there: an async frame below a caller is that caller's awaiter.
    const by = r.resolved.awaitedBySecond ? r.resolved.user[1] : undefined;
    if (!by) continue;
    const first = members[0]!;
    let best: Built | undefined;
    let bestDistance = Infinity;
    for (const x of awaitsByFunction.get(`${by.file}|${cleanName(by.function)}`) ?? []) {
      if (x === r) continue;
      // V8 names the line of the `await`; the await's own stack, the line of the call it awaits.
      const distance = x.task.stack[0]!.line - by.line;
      if (distance < 0 || distance >= bestDistance) continue;
      // It subscribed before this one resumed, to a promise made before that.
      if (!x.members?.some((m) => m.parent < first.id && m.id < first.id && !found.has(m))) continue;
      best = x;
      bestDistance = distance;
    }
    if (best && link(best, r)) {
      for (const m of members) claimed.add(m);
      for (const m of best.members ?? []) if (m.parent < first.id && m.id < first.id) found.add(m);
    }
  }

  // 4. Resumed, and waited on by a .then(). Its own await is the last one of that function.
  const resumed = new Map<number, Sub[]>();
  for (const r of subs) {
    const { userAsync } = r.b.resolved;
    if (!isAwait(r.b) || claimed.has(r.m) || userAsync.some((a, j) => j > 0 && !a)) continue;
    const i = firstAbove(made, r.m.exec - 1) - 1;
    const own = i >= 0 ? made[i]! : undefined;
    if (own === undefined || own < r.m.exec - PENDING_LOOKBACK) continue;
    const list = resumed.get(own);
    if (list) list.push(r);
    else resumed.set(own, [r]);
  }
  for (const x of subs) {
    if (found.has(x.m)) continue;
    let best: Sub | undefined;
    for (const r of resumed.get(x.m.parent) ?? []) {
      if (claimed.has(r.m) || r.b === x.b) continue;
      // A subscriber called from that function (a promise it left pending) is not its caller.
      const fn = r.b.task.stack[0]!;
      if (x.b.task.stack.some((f) => sameFunction(f, fn))) continue;
      if (!best || r.m.exec > best.m.exec) best = r;
    }
    if (best) {
      claimed.add(best.m);
      found.add(x.m);
      link(x.b, best.b);
    }
  }
}

/** Links promise tasks into chains; returns the roots, each with its await tree (trees.ts). */
export function linkChains(tasks: Built[], pending: Pending): Task[] {
  const parentOf = new Map<Built, Built>();
  const link = (outer: Built, inner: Built): boolean => {
    if (outer === inner || parentOf.has(inner) || reaches(parentOf, outer, inner)) return false;
    parentOf.set(inner, outer);
    return true;
  };
  linkByIds(tasks, pending, link);
  // By line, where no recorded id says (an await sampled out, a stack without the frames).
  for (const inner of tasks) {
    if (parentOf.has(inner)) continue;
    let best: Built | undefined;
    let bestAt = Infinity;
    for (const outer of tasks) {
      if (outer === inner) continue;
      const at = callsInto(outer.task, inner.task);
      // Recursion: every level suspends on the same line; the outer level awaited later.
      if (at > 0 && sameLine(outer.task.stack[0]!, inner.task.stack[0]!) && outer.id < inner.id) continue;
      if (at > 0 && at < bestAt && !reaches(parentOf, outer, inner)) {
        best = outer;
        bestAt = at;
      }
    }
    if (best) parentOf.set(inner, best);
  }
  const children = new Map<Built, Built[]>();
  for (const [child, parent] of parentOf) {
    const list = children.get(parent);
    if (list) list.push(child);
    else children.set(parent, [child]);
  }
  const roots: Task[] = [];
  /** Each task's chain is what it awaits, and theirs what they await: a tree. */
  const nest = (node: Built, seen: Set<Built>): Task => {
    const links: Task[] = [];
    for (const child of children.get(node) ?? []) {
      if (seen.has(child)) continue;
      seen.add(child);
      links.push(nest(child, seen));
    }
    node.task.chain = [...links, ...node.task.chain];
    return node.task;
  };
  for (const t of tasks) {
    if (parentOf.has(t)) continue;
    roots.push(shapeTree(nest(t, new Set([t]))));
  }
  return roots;
}
