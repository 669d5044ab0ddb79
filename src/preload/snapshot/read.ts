// The one impure step of a snapshot: the tracker's tables, the resources' real state, their stacks
// (source-mapped) and, for timers recorded without a stack, their callbacks' positions (through the
// inspector) are read into plain records. It leaves the tables as they were, so it can run any
// number of times.
import { now } from '../builtins.js';
import { readFrames, type RawFrame } from '../hooks/capture.js';
import { kindOf } from '../kinds/index.js';
import { requestSocket } from '../kinds/http-request.js';
import { activeRequests, isStdio, ownerOf } from '../kinds/native.js';
import { SOCKET_TYPES } from '../kinds/socket.js';
import { timerCallback } from '../kinds/timer.js';
import { resolveFrames, resolveHolder, resolveHolderUnless, type Resolved } from '../source/frames.js';
import { subscriptionMethod } from './promise-tasks.js';
import { PENDING, STATE_MASK } from '../tables/pending-ids.js';
import { functionLocation } from '../source/inspector.js';
import { mapPosition } from '../source/source-map.js';
import {
  awaits,
  destroyed,
  handleEntries,
  holderOf,
  pending,
  stillWaiting,
  type AwaitEntry,
  type HandleEntry,
} from '../tables/tables.js';
import type { TestInfo } from '../../report/types.js';
import type { TestRef } from '../runners/test-ref.js';
import { madeByRunner } from '../runners/context.js';
import { PENDING_LOOKBACK, type AwaitRecord, type HandleRecord, type Records } from './records.js';

export interface ReadOptions {
  /** The async id whose callback is running the snapshot (the timer that calls process.exit()):
   * it is finishing, not pending. */
  exclude?: number;
  /** Only what this test or suite made (TestRef.key): the per-test check. */
  scope?: object;
  /** Entries already reported (by the per-test check): Snapshot.ids. */
  reported?: ReadonlySet<number>;
}

/** The test as reports show it (without the scope key), its line mapped where the runner gave a
 * generated position. */
function testInfo(ref: TestRef | undefined): TestInfo | undefined {
  if (ref === undefined) return undefined;
  const { key: _key, at, body, locate, ...info } = ref;
  if (at !== undefined) info.line = mapPosition(at.path, at.line, at.column).line;
  if (info.line === undefined && locate !== undefined) {
    const line = locate();
    if (line !== undefined) info.line = line;
  }
  const hookLine = body === undefined ? undefined : locateCallback(body)?.user[0]?.line;
  if (hookLine !== undefined) info.line = hookLine;
  return info;
}

/** `key`: the entry's id in Snapshot.ids. */
function inScope(key: number, test: TestRef | undefined, opts: ReadOptions): boolean {
  if (opts.reported?.has(key)) return false;
  return opts.scope === undefined || test?.key === opts.scope;
}

/** The test a handle is charged to: none when the runner's own code made it inside the test. */
function testOf(entry: HandleEntry): TestRef | undefined {
  const holder = entry.holder;
  if (entry.test === undefined || holder === undefined) return entry.test;
  // V8's own file names are enough (a runner's files are never source-mapped): no mapping, no inspector.
  return madeByRunner(() => readFrames(holder).map((frame) => frame.file)) ? undefined : entry.test;
}

export function readRecords(opts: ReadOptions = {}): Records {
  const requests = activeRequests();
  const alive: HandleEntry[] = [];
  for (const entry of handleEntries()) {
    if (entry.id === opts.exclude || !inScope(entry.id, entry.test, opts)) continue;
    const kind = kindOf(entry.type);
    if (!kind.alive(entry, requests) || (kind.stdio && isStdio(entry.resource))) continue;
    if (opts.scope !== undefined && testOf(entry) === undefined) continue;
    alive.push(entry);
  }
  const socketIds = new Map<unknown, number>();
  for (const entry of alive) if (SOCKET_TYPES.has(entry.type)) socketIds.set(ownerOf(entry.resource), entry.id);
  // A timer without a stack may be counted with recorded timers that call the same callback:
  // their callbacks are looked up too (handle-tasks.ts, countWithRecordedTimers).
  const unrecordedTimer = alive.some((e) => e.holder === undefined && e.type === 'Timeout');
  const t = now();
  const awaitRecords = readAwaits(t, opts);
  return {
    handles: alive.map((entry) => readHandle(entry, t, socketIds, unrecordedTimer)),
    awaits: awaitRecords,
    unrecorded: pending.subscribers(),
    pendingBefore: pendingBefore(awaitRecords),
    pid: process.pid,
  };
}

/** The promises still pending (made by new Promise() or an async function call, not subscriptions)
 * among the PENDING_LOOKBACK ids before each await's own id and before its `exec`, ascending. */
function pendingBefore(records: AwaitRecord[]): number[] {
  // Every point the ids are read up to, ascending; each is read back to the one before it.
  const points = new Float64Array(records.length * 2);
  for (let i = 0; i < records.length; i++) {
    points[2 * i] = records[i]!.id;
    points[2 * i + 1] = records[i]!.exec;
  }
  points.sort();
  const ids: number[] = [];
  let next = 1;
  for (let i = 0; i < points.length; i++) {
    const to = points[i]!;
    for (let id = Math.max(next, to - PENDING_LOOKBACK); id < to; id++) {
      if ((pending.get(id) & STATE_MASK) === PENDING) ids.push(id);
    }
    next = Math.max(next, to);
  }
  return ids;
}

function readHandle(entry: HandleEntry, t: number, socketIds: Map<unknown, number>, callbacks: boolean): HandleRecord {
  const kind = kindOf(entry.type);
  // Node's own timers are never reported: their frames are not mapped.
  const own = resolveHolderUnless(entry.holder, (raw) => kind.internal?.(raw) ?? false);
  const record: HandleRecord = {
    id: entry.id,
    type: entry.type,
    trigger: entry.trigger,
    exec: entry.exec,
    order: entry.order,
    ageMs: entry.time === 0 && kind.ageMs ? kind.ageMs(entry, t) : Math.max(0, t - entry.time),
    refed: kind.refed(entry),
    description: kind.describe(entry),
    // Within a kind, its types in the order they are listed.
    rank: kind.rank + Math.max(0, kind.types.indexOf(entry.type)) / 10,
    fallback: kind.fallback,
    recorded: entry.holder !== undefined,
    own,
    internal: kind.internal?.(own.raw) ?? false,
    reportedUnlocated: kind.reportedUnlocated === true,
    test: testInfo(testOf(entry)),
  };
  if (record.internal) return record;
  if (kind.fallback === 'callback' && (!record.recorded || callbacks)) {
    record.callback = locateCallback(timerCallback(entry));
  }
  if (own.user.length > 0 || (kind.fallback === 'callback' && !record.recorded)) return record;
  if (kind.fallback === 'socket') {
    record.socket = socketIds.get(requestSocket(entry.resource));
  } else {
    record.donor = borrowed(entry);
  }
  return record;
}

/** Made from native code or on a later tick: the first stack with a user frame among what it came
 * from (its donor, its source's stacks, its trigger's). */
function borrowed(entry: HandleEntry): Resolved | undefined {
  const source = entry.source;
  const candidates = [entry.donor, source?.holder, source?.donor, holderOf(entry.trigger)];
  let first: Resolved | undefined;
  for (const holder of candidates) {
    if (!holder) continue;
    const resolved = resolveHolder(holder);
    if (resolved.user.length > 0) return resolved;
    first ??= resolved;
  }
  return first;
}

function readAwaits(t: number, opts: ReadOptions): AwaitRecord[] {
  const records: AwaitRecord[] = [];
  const add = (entry: AwaitEntry): void => {
    if (!inScope(-entry.id, entry.test, opts)) return;
    records.push({
      id: entry.id,
      parent: entry.parent,
      exec: entry.exec,
      ageMs: Math.max(0, t - entry.time),
      destroyed: entry.destroyed,
      // Promise.race/all's own subscriptions are never tasks: their frames are not mapped.
      own: resolveHolderUnless(entry.holder, (raw) => subscriptionMethod(raw) === null),
      test: testInfo(entry.test),
    });
  };
  for (const entry of awaits.values()) if (stillWaiting(entry)) add(entry);
  for (const entry of destroyed) add(entry);
  return records;
}

/** Reads a callback's source position through the inspector (~30 us each): the first
 * EXACT_LOOKUPS callbacks one by one, then one per distinct source text. Kept across snapshots. */
const EXACT_LOOKUPS = 2000;
const fnToString = Function.prototype.toString;
const callbackFrames = new WeakMap<Function, RawFrame | undefined>();
const framesByText = new Map<string, RawFrame | undefined>();
let exactLookups = 0;

function callbackFrame(fn: Function): RawFrame | undefined {
  if (callbackFrames.has(fn)) return callbackFrames.get(fn);
  let frame: RawFrame | undefined;
  if (exactLookups < EXACT_LOOKUPS) {
    exactLookups++;
    frame = functionLocation(fn);
  } else {
    const text = fnToString.call(fn);
    if (framesByText.has(text)) frame = framesByText.get(text);
    else framesByText.set(text, (frame = functionLocation(fn)));
  }
  callbackFrames.set(fn, frame);
  return frame;
}

/** Where a callback is defined; null when inside Node (Node's own timer); undefined when unknown. */
function locateCallback(fn: unknown): Resolved | null | undefined {
  if (typeof fn !== 'function') return undefined;
  const frame = callbackFrame(fn);
  if (!frame) return undefined;
  if (frame.file.startsWith('node:')) return null;
  return resolveFrames([frame]);
}
