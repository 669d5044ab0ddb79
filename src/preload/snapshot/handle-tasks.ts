// Handle records -> tasks (pure). Each handle is located by its own user frames or its kind's
// fallback; an HTTP request and its socket, a server and its accepted connections, and the handles
// one call made together (spawn: a process and its pipes) become one task with a chain.
import { hintFor } from '../../report/kinds.js';
import { SERVER_TYPES } from '../kinds/server.js';
import { SOCKET_TYPES } from '../kinds/socket.js';
import { RANK } from '../kinds/kind.js';
import type { Task } from '../../report/types.js';
import type { HandleRecord, Resolved } from './records.js';
import { absorb, baseTask, frameKey, type Built } from './task.js';

export interface BuiltHandle extends Built {
  record: HandleRecord;
  /** A timer or immediate with no creation stack, located by its callback instead. */
  byCallback: boolean;
}

/** Said of a timer or immediate that had no creation stack. */
export const LOCATED_BY_CALLBACK = ' (located by its callback)';
/** Said of a handle of a kind that is never Node's own, recorded without a stack. */
export const NO_STACK = ' (no stack: past the capture budget)';

export interface HandleTasks {
  built: Map<number, BuiltHandle>;
  /** Handles of a kind that is never Node's own, recorded without a stack: one task per kind, test
   * and description, with no location, in no chain. */
  unlocated: Task[];
}

export function buildHandleTasks(records: HandleRecord[], pid: number): HandleTasks {
  const byId = new Map(records.map((r) => [r.id, r]));
  const built = new Map<number, BuiltHandle>();
  const unlocated = new Map<string, Task>();
  for (const record of records) {
    if (record.internal) continue;
    const located = locate(record, byId);
    if (!located || located.resolved.user.length === 0) {
      // Node internals or a library's own work, unless its kind is never Node's and it had no stack.
      if (record.reportedUnlocated && !record.recorded) countUnlocated(unlocated, record, pid);
      continue;
    }
    const { resolved, byCallback } = located;
    const task = baseTask('handle', record.type, 'pending', resolved.user, record.ageMs, pid, record.test);
    task.refed = record.refed;
    task.severity = record.refed ? 'error' : 'warning';
    // Said "located by its callback" in countWithRecordedTimers, unless counted with its site.
    task.description = record.description;
    task.foldedFrames = resolved.folded;
    task.hint = hintFor(task);
    built.set(record.id, { id: record.id, task, resolved, covered: false, byCallback, record });
  }
  for (const b of built.values()) {
    const { record } = b;
    if (record.socket !== undefined) {
      const s = built.get(record.socket);
      if (s && !s.covered) {
        s.covered = true;
        b.task.chain.push(s.task);
      }
    } else if (SOCKET_TYPES.has(record.type)) {
      // A connection accepted by a server that is still listening (or closing, waiting for it) is
      // part of that server.
      const server = built.get(record.trigger);
      if (server && SERVER_TYPES.has(server.task.type) && !b.covered) {
        b.covered = true;
        server.task.chain.push(b.task);
      }
    }
  }
  countWithRecordedTimers(built);
  groupCreatedTogether(built);
  return { built, unlocated: [...unlocated.values()] };
}

function countUnlocated(into: Map<string, Task>, record: HandleRecord, pid: number): void {
  const test = record.test;
  const key = `${record.type}|${record.description}|${record.refed}|${test?.file}:${test?.line}:${test?.name}`;
  const same = into.get(key);
  if (same !== undefined) {
    absorb(same, 1, record.ageMs, true);
    return;
  }
  const task = baseTask('handle', record.type, 'pending', [], record.ageMs, pid, test);
  task.refed = record.refed;
  task.severity = record.refed ? 'error' : 'warning';
  task.description = record.description + NO_STACK;
  task.unrecorded = 1;
  task.hint = hintFor(task);
  into.set(key, task);
}

/** The stack a handle is reported with: its own, else its kind's fallback. Null: Node's own. */
function locate(
  record: HandleRecord,
  byId: Map<number, HandleRecord>,
): { resolved: Resolved; byCallback: boolean } | null {
  if (record.fallback === 'callback' && !record.recorded) {
    // No creation stack (immediates, short or unsampled timers): located by their callback.
    if (record.callback === null) return null; // a callback defined inside Node: Node's own timer
    return { resolved: record.callback ?? record.own, byCallback: true };
  }
  if (record.own.user.length > 0) return { resolved: record.own, byCallback: false };
  if (record.fallback === 'socket') {
    const socket = record.socket === undefined ? undefined : byId.get(record.socket);
    return { resolved: socket?.own ?? record.own, byCallback: false };
  }
  return { resolved: record.donor ?? record.own, byCallback: false };
}

/** Timers made at `where` (a creation site, or a callback's position) that look alike. */
function siteKey(where: { file: string; line: number; column: number }, b: Built): string {
  return `${frameKey(where)}|${b.task.description}|${b.task.refed}`;
}

/** Timers without a stack whose callback is the one that the recorded timers of exactly one
 * creation site call are counted with that site (they were sampled out of the same line). The
 * others say what their location really is. */
function countWithRecordedTimers(built: Map<number, BuiltHandle>): void {
  const sites = new Map<string, BuiltHandle>();
  const unlocated: BuiltHandle[] = [];
  for (const b of built.values()) {
    if (!b.byCallback) {
      const key = b.task.type === 'Timeout' && b.task.location ? siteKey(b.task.location, b) : undefined;
      if (key !== undefined && !sites.has(key)) sites.set(key, b);
    } else if (b.task.type === 'Timeout') unlocated.push(b);
    else b.task.description += LOCATED_BY_CALLBACK;
  }
  const byCallback = new Map<string, BuiltHandle | null>();
  if (unlocated.length > 0) {
    for (const site of sites.values()) {
      const user = site.record.callback?.user[0];
      if (!user) continue;
      const key = siteKey(user, site);
      byCallback.set(key, byCallback.has(key) ? null : site);
    }
  }
  for (const b of unlocated) {
    // A task located by its callback has that callback's position as its location.
    const site = byCallback.get(siteKey(b.task.location!, b));
    if (site) {
      absorb(site.task, 1, b.task.ageMs, true);
      built.delete(b.id);
    } else {
      b.task.description += LOCATED_BY_CALLBACK;
    }
  }
}

/** spawn() makes a process handle and three pipes from one line: report the process. */
function groupCreatedTogether(built: Map<number, BuiltHandle>): void {
  const groups = new Map<string, BuiltHandle[]>();
  for (const b of built.values()) {
    const key = `${b.record.exec}|${frameKey(b.task.stack[0]!)}`;
    const list = groups.get(key);
    if (list) list.push(b);
    else groups.set(key, [b]);
  }
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => a.record.rank - b.record.rank);
    const primary = list[0]!;
    if (primary.record.rank >= RANK.other) continue;
    for (const other of list.slice(1)) {
      if (other.task.type === primary.task.type) continue;
      other.covered = true;
      primary.task.chain.push(other.task);
    }
  }
}
