// What a snapshot reads out of the tracker's tables: plain records, with liveness, words and
// source-mapped frames already read. Everything after reading is a pure function of these.
import type { TestInfo } from '../../report/types.js';
import type { Fallback } from '../kinds/kind.js';
import type { Resolved } from '../source/frames.js';

export type { Resolved } from '../source/frames.js';

/** A handle that is still pending, as read at the snapshot. */
export interface HandleRecord {
  /** async id: creation order. */
  id: number;
  type: string;
  /** async id of the resource in whose callback it was made. */
  trigger: number;
  /** The execution it was made in (HandleEntry.exec): handles made by one call share it. */
  exec: number;
  /** Where it falls among promise ids (HandleEntry.order). */
  order: number;
  ageMs: number;
  refed: boolean;
  description: string;
  /** See Kind.rank. */
  rank: number;
  fallback: Fallback;
  /** Whether a creation stack was recorded at all (else it is located by its fallback). */
  recorded: boolean;
  /** Its own creation stack (empty when none was recorded). */
  own: Resolved;
  /** The stack it borrows when its own has no user frame: its donor's, else its trigger's. */
  donor?: Resolved | undefined;
  /** Timers and immediates: where their callback is defined; null when that is inside Node. */
  callback?: Resolved | null | undefined;
  /** HTTP client requests: the id of the socket record it rides on. */
  socket?: number | undefined;
  /** Made by Node for its own bookkeeping although user code is on the stack. */
  internal: boolean;
  /** See Kind.reportedUnlocated. */
  reportedUnlocated: boolean;
  /** The test (or hook) running when it was made. */
  test?: TestInfo | undefined;
}

/** An await or .then() on a promise that is still pending (or was collected pending). */
export interface AwaitRecord {
  id: number;
  /** async id of the promise it waits on. */
  parent: number;
  /** The execution it subscribed in (see AwaitEntry.exec). */
  exec: number;
  ageMs: number;
  destroyed: boolean;
  own: Resolved;
  test?: TestInfo | undefined;
}

export interface Records {
  handles: HandleRecord[];
  awaits: AwaitRecord[];
  /** Pending promise id -> how many awaits/.then()s on it were counted without a stack. */
  unrecorded: Map<number, number>;
  /** Promises made by new Promise() or an async function call that are still pending, ascending:
   * those made shortly before each recorded await (its own id) and before the await it resumed
   * from (its exec). An async function's own promise is among them (chains.ts). */
  pendingBefore: number[];
  pid: number;
}

/** How far back from a recorded await the pending ids are read (Records.pendingBefore). */
export const PENDING_LOOKBACK = 2048;
