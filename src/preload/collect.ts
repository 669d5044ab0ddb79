// At exit: turn what is still in the tables into report tasks.
// - handles: alive by their real state, with user frames (or their trigger's: a connection
//   accepted by a server has no JS stack of its own);
// - handles created by one call (spawn: a process and its pipes) become one task;
// - promise tasks: suspended awaits and .then() continuations in user code, linked into chains
//   (outer async function -> inner async function -> the promise or handle it waits on).
import { executionAsyncId } from 'node:async_hooks';
import type { Frame, Task } from '../report/types.js';
import { hintFor } from '../report/hints.js';
import { describeHandle } from './describe.js';
import { resolveFrames, resolveHolder, sameLine, type Resolved } from './frames.js';
import { closeInspector, functionLocation } from './source-map.js';
import type { RawFrame } from './capture.js';
import { isAlive, isRefed, ownerOf, sweepRequests } from './liveness.js';
import {
  awaits,
  destroyed,
  handles,
  stillWaiting,
  unrecordedSubscribers,
  type AwaitEntry,
  type HandleEntry,
} from './tracker.js';
import { loadFormatter } from './write-report.js';
import { PRIMARY_ORDER, SERVER_TYPES, SOCKET_TYPES } from './types.js';

const COMBINATORS = /(^|\.)(race|all|any|allSettled)$/;
const THEN = /(^|\.)(then|catch|finally)$/;

interface Built {
  /** Creation order (async id); awaits of one recursive first segment are made innermost first. */
  id: number;
  task: Task;
  resolved: Resolved;
  covered: boolean;
  /** A timer or immediate with no creation stack, located by its callback instead. */
  byCallback?: boolean;
}

/** Reads a callback's source position through the inspector (~30 us each): the first
 * EXACT_LOOKUPS callbacks one by one, then one per distinct source text. */
const EXACT_LOOKUPS = 2000;
const fnToString = Function.prototype.toString;
const callbackFrames = new Map<unknown, RawFrame | undefined>();
const framesByText = new Map<string, RawFrame | undefined>();

function locateCallback(fn: unknown): RawFrame | undefined {
  if (typeof fn !== 'function') return undefined;
  if (callbackFrames.has(fn)) return callbackFrames.get(fn);
  let frame: RawFrame | undefined;
  if (callbackFrames.size < EXACT_LOOKUPS) {
    frame = functionLocation(fn);
  } else {
    const text = fnToString.call(fn);
    if (framesByText.has(text)) frame = framesByText.get(text);
    else framesByText.set(text, (frame = functionLocation(fn)));
  }
  callbackFrames.set(fn, frame);
  return frame;
}

function callbackOf(entry: HandleEntry): unknown {
  const timer = entry.resource as { _onTimeout?: unknown; _onImmediate?: unknown };
  return entry.type === 'Timeout' ? timer._onTimeout : timer._onImmediate;
}

function frameKey(frame: { file: string; line: number; column: number }): string {
  return `${frame.file}:${frame.line}:${frame.column}`;
}

/** Adds `n` tasks of the same kind to `into`: a group of identical tasks, or tasks that had no
 * stack of their own (`unrecorded`) counted where they belong. */
function absorb(into: Task, n: number, ageMs: number | undefined, unrecorded: boolean): void {
  into.count += n;
  if (unrecorded) into.unrecorded = (into.unrecorded ?? 0) + n;
  if (ageMs !== undefined) into.ageMs = Math.min(into.ageMs ?? Infinity, ageMs);
}

/** Timers without a stack whose callback is the one that the recorded timers of exactly one
 * creation site call are counted with that site (they were sampled out of the same line). The
 * others say what their location really is. */
function countWithRecordedTimers(built: Map<number, Built>): void {
  const sites = new Map<string, Built>();
  const unlocated: Array<[number, Built]> = [];
  for (const [id, b] of built) {
    if (!b.byCallback) {
      const key = b.task.type === 'Timeout' && b.task.location ? siteKey(b.task.location, b.task) : undefined;
      if (key !== undefined && !sites.has(key)) sites.set(key, b);
    } else if (b.task.type === 'Timeout') unlocated.push([id, b]);
    else b.task.description += LOCATED_BY_CALLBACK;
  }
  const byCallback = new Map<string, Built | null>();
  if (unlocated.length > 0) {
    for (const site of sites.values()) {
      const frame = locateCallback(callbackOf(handles.get(site.id)!));
      const user = frame && resolveFrames([frame]).user[0];
      if (!user) continue;
      const key = siteKey(user, site.task);
      byCallback.set(key, byCallback.has(key) ? null : site);
    }
  }
  for (const [id, b] of unlocated) {
    // A task located by its callback has that callback's position as its location.
    const site = byCallback.get(siteKey(b.task.location!, b.task));
    if (site) {
      absorb(site.task, 1, b.task.ageMs, true);
      built.delete(id);
    } else {
      b.task.description += LOCATED_BY_CALLBACK;
    }
  }
}

/** Timers made at `where` (a creation site, or a callback's position) that look alike. */
function siteKey(where: { file: string; line: number; column: number }, task: Task): string {
  return `${frameKey(where)}|${task.description}|${task.refed}`;
}

/** Said of a timer or immediate that had no creation stack. */
const LOCATED_BY_CALLBACK = ' (located by its callback)';

function isStdio(type: string, resource: object): boolean {
  if (type === 'FILEHANDLE') return false; // reading its fd is unsafe (see watchClose)
  const fd = (resource as { fd?: unknown }).fd;
  if (typeof fd === 'number' && fd >= 0 && fd <= 2) return true;
  const owner = ownerOf(resource);
  return owner?._isStdio === true;
}

function baseTask(kind: Task['kind'], type: string, state: Task['state'], user: Frame[], time: number): Task {
  const task: Task = {
    kind,
    type,
    description: type,
    severity: 'error',
    refed: false,
    state,
    count: 1,
    pids: [process.pid],
    location: user[0] ? { file: user[0].file, line: user[0].line, column: user[0].column } : null,
    stack: user,
    chain: [],
    ageMs: Math.max(0, Date.now() - time),
  };
  return task;
}

/** The net.Socket an HTTP client request rides on. */
function requestSocket(entry: HandleEntry): unknown {
  return (entry.resource as { req?: { socket?: unknown } }).req?.socket;
}

function buildHandles(exclude: number): Map<number, Built> {
  const requests = sweepRequests();
  const built = new Map<number, Built>();
  const alive: HandleEntry[] = [];
  const bySocket = new Map<unknown, HandleEntry>();
  for (const entry of handles.values()) {
    if (entry.id === exclude || !isAlive(entry, requests) || isStdio(entry.type, entry.resource)) continue;
    alive.push(entry);
    if (SOCKET_TYPES.has(entry.type)) bySocket.set(ownerOf(entry.resource), entry);
  }
  for (const entry of alive) {
    let resolved = resolveHolder(entry.holder);
    let donor: HandleEntry | undefined;
    let byCallback = false;
    if (!entry.holder && (entry.type === 'Timeout' || entry.type === 'Immediate')) {
      // No creation stack for immediates and short timers: locate them by their callback.
      const frame = locateCallback(callbackOf(entry));
      // A callback defined inside Node is Node's own timer.
      if (frame && frame.file.startsWith('node:')) continue;
      if (frame) resolved = resolveFrames([frame]);
      byCallback = true;
    } else if (resolved.user.length === 0) {
      // Made from native code or on a later tick: borrow the stack of what it came from.
      if (entry.type === 'HTTPCLIENTREQUEST') {
        donor = bySocket.get(requestSocket(entry));
      } else if (entry.donor) {
        resolved = resolveHolder(entry.donor);
      } else {
        donor = handles.get(entry.trigger); // a connection accepted by a server
      }
      if (donor) resolved = resolveHolder(donor.holder);
    }
    if (resolved.user.length === 0) continue; // Node internals or a library's own work.
    if (entry.type === 'Timeout' && scheduledByNode(resolved)) continue;
    const refed = isRefed(entry);
    const task = baseTask('handle', entry.type, 'pending', resolved.user, entry.time);
    task.refed = refed;
    task.severity = refed ? 'error' : 'warning';
    // Said "located by its callback" in countWithRecordedTimers, unless counted with its site.
    task.description = describeHandle(entry.type, entry.resource);
    task.foldedFrames = resolved.folded;
    task.hint = hintFor(task);
    built.set(entry.id, { id: entry.id, task, resolved, covered: false, byCallback });
  }
  for (const entry of alive) {
    const b = built.get(entry.id);
    if (!b) continue;
    if (entry.type === 'HTTPCLIENTREQUEST') {
      const socket = bySocket.get(requestSocket(entry));
      const s = socket && built.get(socket.id);
      if (s && !s.covered) {
        s.covered = true;
        b.task.chain.push(s.task);
      }
    } else if (SOCKET_TYPES.has(entry.type)) {
      // A connection accepted by a server that is itself still open is part of that server.
      const server = built.get(entry.trigger);
      if (server && SERVER_TYPES.has(server.task.type) && !b.covered) {
        b.covered = true;
        b.task.description += ' (accepted connection)';
        server.task.chain.push(b.task);
      }
    }
  }
  countWithRecordedTimers(built);
  groupCreatedTogether(built);
  return built;
}

/** A timer Node schedules for its own bookkeeping while user code calls it (the HTTP Date header
 * cache set up by res.writeHead) has user frames further down, but whoever called setTimeout is
 * Node itself. Such timers are Node's, not the program's. */
function scheduledByNode(resolved: Resolved): boolean {
  const raw = resolved.raw;
  const ctor = raw.findIndex((f) => f.fn === 'Timeout' && f.file.startsWith('node:'));
  if (ctor === -1) return false;
  for (const frame of raw.slice(ctor + 1)) {
    if (frame.native || frame.file === '') continue; // new Promise (timers/promises)
    if (!frame.file.startsWith('node:')) return false; // reached the caller: user code
    if (!TIMER_MODULES.has(frame.file)) return true; // e.g. node:internal/http's utcDate
  }
  return false;
}

const TIMER_MODULES = new Set(['node:timers', 'node:timers/promises', 'node:internal/timers']);

function rank(type: string): number {
  const i = PRIMARY_ORDER.indexOf(type);
  return i === -1 ? PRIMARY_ORDER.length : i;
}

/** spawn() makes a process handle and three pipes from one line: report the process. */
function groupCreatedTogether(built: Map<number, Built>): void {
  const groups = new Map<string, Array<[number, Built]>>();
  for (const [id, b] of built) {
    const entry = handles.get(id)!;
    const top = b.task.stack[0]!;
    const key = `${entry.exec}|${frameKey(top)}`;
    const list = groups.get(key);
    if (list) list.push([id, b]);
    else groups.set(key, [[id, b]]);
  }
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => rank(a[1].task.type) - rank(b[1].task.type));
    const primary = list[0]![1];
    if (rank(primary.task.type) === PRIMARY_ORDER.length) continue;
    for (const [, other] of list.slice(1)) {
      if (other.task.type === primary.task.type) continue;
      other.covered = true;
      primary.task.chain.push(other.task);
    }
  }
}

function describeAwait(resolved: Resolved): { type: string; description: string } | null {
  // Builtin frames between the hook and the first user frame tell who subscribed.
  let viaThen = false;
  for (const frame of resolved.raw) {
    if (!frame.native) {
      if (frame.file && !frame.file.startsWith('node:')) break;
      continue;
    }
    if (COMBINATORS.test(frame.fn)) return null; // Promise.race/all subscribe internally.
    if (THEN.test(frame.fn)) viaThen = true;
  }
  const top = resolved.user[0]!;
  if (viaThen) return { type: 'Promise', description: `promise.then() continuation in ${cleanName(top.function)}` };
  return { type: 'AsyncFunction', description: `async ${cleanName(top.function)}()` };
}

function cleanName(fn: string): string {
  const name = fn.replace(/^async /, '');
  return name === '<anonymous>' || name === '' ? '<anonymous>' : name;
}

/** Promise tasks, identical ones (same stack, so the same code path) as one with a count; then the
 * awaits that were only counted (no stack) are added to the task their promise's recorded awaits
 * all belong to. Returns the tasks and how many unrecorded awaits belong to no reported task. */
function buildPromiseTasks(): { built: Built[]; unattributed: number } {
  const groups = new Map<string | number, Built>();
  /** Parent promise id -> the tasks its recorded awaits became (null: one was not reported). */
  const byParent = new Map<number, Set<Built> | null>();
  const note = (parent: number, b: Built | null): void => {
    const seen = byParent.get(parent);
    if (b === null || seen === null) byParent.set(parent, null);
    else if (seen) seen.add(b);
    else byParent.set(parent, new Set([b]));
  };
  const add = (entry: AwaitEntry): void => {
    const resolved = resolveHolder(entry.holder);
    const what = resolved.user.length === 0 ? null : describeAwait(resolved);
    if (!what) return note(entry.parent, null);
    const task = baseTask('promise', what.type, entry.destroyed ? 'destroyed' : 'pending', resolved.user, entry.time);
    task.description = what.description;
    task.suspendedAt = task.location;
    // Reported where it was called (the caller's line); suspendedAt is the await itself.
    const caller = resolved.user[1];
    if (caller) task.location = { file: caller.file, line: caller.line, column: caller.column };
    task.foldedFrames = resolved.folded;
    // A recursive await's stack is the same at every level once truncated: those levels are one
    // chain (linked below), not copies of one task.
    const key = callsInto(task, task) > 0 ? entry.id : loadFormatter().taskKey(task);
    let b = groups.get(key);
    if (b) {
      absorb(b.task, 1, task.ageMs, false);
    } else {
      task.hint = hintFor(task);
      b = { id: entry.id, task, resolved, covered: false };
      groups.set(key, b);
    }
    note(entry.parent, b);
  };
  for (const entry of awaits.values()) if (stillWaiting(entry)) add(entry);
  for (const entry of destroyed) add(entry);

  let unattributed = 0;
  for (const [parent, n] of unrecordedSubscribers()) {
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

function callsInto(outer: Task, inner: Task): number {
  // `inner` runs inside `outer` when outer's suspension line is one of inner's callers.
  const top = outer.stack[0];
  if (!top) return -1;
  for (let i = 1; i < inner.stack.length; i++) {
    const f = inner.stack[i]!;
    if (sameLine(f, top) && cleanName(f.function) === cleanName(top.function)) return i;
  }
  return -1;
}

function linkHandles(tasks: Built[], handleTasks: Built[]): void {
  const inExecutors = handleTasks.filter((h) =>
    h.resolved.raw.some((f) => f.native && f.fn === 'Promise' && f.isConstructor),
  );
  if (inExecutors.length === 0) return;
  for (const t of tasks) {
    const top = t.task.stack[0]!;
    for (const h of inExecutors) {
      if (h.covered) continue;
      if (h.task.stack.slice(1).some((f) => sameLine(f, top))) {
        h.covered = true;
        t.task.chain.push(h.task);
      }
    }
  }
}

/** Whether following parent links from `from` reaches `to` (linking would close a cycle). */
function reaches(parentOf: Map<Built, Built>, from: Built, to: Built): boolean {
  for (let node: Built | undefined = from; node; node = parentOf.get(node)) if (node === to) return true;
  return false;
}

function linkChains(tasks: Built[]): Task[] {
  const parentOf = new Map<Built, Built>();
  for (const inner of tasks) {
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
  for (const t of tasks) {
    if (parentOf.has(t)) continue;
    const chain: Task[] = [];
    const walk = (node: Built, seen: Set<Built>): void => {
      for (const child of children.get(node) ?? []) {
        if (seen.has(child)) continue;
        seen.add(child);
        const { chain: childChain, ...flat } = child.task;
        chain.push({ ...flat, chain: [] }, ...childChain);
        walk(child, seen);
      }
    };
    const own = t.task.chain;
    walk(t, new Set([t]));
    t.task.chain = [...chain, ...own];
    if (t.task.chain.length === 0 || t.task.chain.every((c) => c.kind === 'promise')) {
      t.task.chain.push({
        ...baseTask('promise', 'Promise', t.task.state, [], Date.now()),
        description: 'a promise that nothing settles',
        stack: [],
        location: null,
        ageMs: undefined,
      } as Task);
    }
    roots.push(t.task);
  }
  return roots;
}

export interface Collected {
  tasks: Task[];
  /** See ProcessInfo.unrecordedAwaits. */
  unrecordedAwaits: number;
}

export function collectTasks(): Collected {
  const exclude = executionAsyncId();
  const handleBuilt = buildHandles(exclude);
  const handleList = [...handleBuilt.values()];
  const promises = buildPromiseTasks();
  linkHandles(promises.built, handleList);
  const tasks: Task[] = [...linkChains(promises.built)];
  for (const h of handleList) if (!h.covered) tasks.push(h.task);
  closeInspector();
  return { tasks, unrecordedAwaits: promises.unattributed };
}
