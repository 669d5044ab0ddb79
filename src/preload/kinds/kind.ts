// What the tool knows about one kind of resource, in one place: how it is recorded at creation
// (the capture policy), whether it is still pending (liveness), how it is put in words, and where
// its location comes from when its own stack has none. One file per kind implements this; the
// nouns and hints users read are in report/kinds.ts.
import type { RawFrame } from '../hooks/capture.js';
import { handles, holderOf, type HandleEntry } from '../tables/tables.js';
import { captureStack, HANDLE_FRAMES, type Holder } from '../hooks/capture.js';
import { now } from '../builtins.js';
import { currentTest } from '../runners/context.js';
import { currentExecution, promiseClock } from '../hooks/promises.js';

/** How a handle without a user frame of its own is located:
 * - `callback`: its callback's source position (timers and immediates recorded without a stack);
 * - `socket`: the stack of the socket it rides on (an HTTP client request, made on a later tick);
 * - `donor`: the entry's donor stack, else its trigger's (made by native code for another resource). */
export type Fallback = 'callback' | 'socket' | 'donor';

export interface Kind {
  /** async_hooks resource types of this kind: https://nodejs.org/api/async_hooks.html#type */
  readonly types: readonly string[];
  /** Records a new resource. Called inside the init hook: table updates and stack captures only
   * (no formatting, no I/O, no async work); a throw disables tracking (hooks/tracker.ts). */
  init(id: number, type: string, trigger: number, resource: object): void;
  /** Still pending, read from the resource's real state. */
  alive(entry: HandleEntry, requests: ReadonlySet<unknown>): boolean;
  /** Keeps the process alive. */
  refed(entry: HandleEntry): boolean;
  /** Plain words: `setInterval(…, 1000)`, `net.Server listening on 127.0.0.1:40123`. */
  describe(entry: HandleEntry): string;
  fallback: Fallback;
  /** When one call makes several handles (spawn: a process and three pipes), the one with the
   * lowest rank is reported and the others become its chain. */
  rank: number;
  /** May be the process's own stdin/stdout/stderr (not the program's leak). */
  stdio: boolean;
  /** Never Node's own while it is alive: one recorded without a stack (past its kind's capture
   * budget) is still reported, without a location, rather than taken for Node's or a library's. */
  reportedUnlocated?: true;
  /** Made for Node's own bookkeeping although user code is on the stack. */
  internal?(raw: RawFrame[]): boolean;
  /** How long it has been pending, for a kind that keeps no creation time of its own (entry.time
   * 0); `now` is the snapshot's time (the tool's clock). */
  ageMs?(entry: HandleEntry, now: number): number;
}

/** Ranks, in the order spawn/http/net make handles together. */
export const RANK = {
  process: 0,
  worker: 1,
  request: 2,
  server: 3,
  socket: 4,
  udp: 5,
  watcher: 6,
  fileHandle: 7,
  port: 8,
  timer: 9,
  other: 10,
} as const;

/** Adds a handle entry to the table. */
export function track(
  id: number,
  type: string,
  trigger: number,
  resource: object,
  holder: Holder | undefined,
  donor?: Holder,
): HandleEntry {
  const entry: HandleEntry = {
    id,
    type,
    trigger,
    exec: currentExecution(),
    order: promiseClock(id),
    resource,
    holder,
    time: now(),
    test: currentTest(),
  };
  if (donor !== undefined) entry.donor = donor;
  handles.set(id, entry);
  return entry;
}

/** The common policy: a creation stack for every one, and the trigger's as a donor in case this
 * one was made from native code (no user frame of its own). */
export function trackWithStack(id: number, type: string, trigger: number, resource: object): void {
  track(id, type, trigger, resource, captureStack(HANDLE_FRAMES), holderOf(trigger));
}
