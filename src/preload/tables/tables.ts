// What the hooks record and a snapshot reads: one entry per tracked handle, one per await recorded
// with a stack, and the pending promise ids. One set of tables per thread.
import type { Holder } from '../hooks/capture.js';
import type { TestRef } from '../runners/test-ref.js';
import { SafeMap, SafeWeakMap } from '../builtins.js';
import { PendingIds } from './pending-ids.js';
import { ChurnTable } from './churn-table.js';
import { activeRequests } from './requests.js';

export interface HandleEntry {
  id: number;
  type: string;
  trigger: number;
  /** The execution it was made in (promises.ts currentExecution): handles created together are
   * grouped. */
  exec: number;
  /** Where it falls among promise ids (promises.ts promiseClock). */
  order: number;
  resource: object;
  /** The creation stack, or undefined where a capture would be wasted or was sampled out: the
   * resource's kind says how it is located instead (kinds/). */
  holder: Holder | undefined;
  /** A stack to use when this one has no user frame (a FileHandle is made by native code after
   * its open() request completes; a connection is accepted by its server). */
  donor?: Holder | undefined;
  /** The entry this one was made by (a connection's server), kept even once that one is swept:
   * its stacks are borrowed in turn. */
  source?: HandleEntry;
  /** Epoch ms (the tool's clock) at creation. */
  time: number;
  /** The test (or hook) running when it was made. */
  test: TestRef | undefined;
}

/** An await or .then() that subscribed to a promise that was still pending. */
export interface AwaitEntry {
  id: number;
  parent: number;
  /** The execution it subscribed in (promises.ts currentExecution): after an await resumed, the id
   * of that await's own promise (chains.ts). */
  exec: number;
  holder: Holder;
  time: number;
  destroyed: boolean;
  test: TestRef | undefined;
}

export const handles: Map<number, HandleEntry> = new SafeMap<number, HandleEntry>();
/** Timers and in-flight fs and dns requests (churn-table.ts): not in `handles`. */
export const churn = new ChurnTable(activeRequests);
/** HTTP client requests: fewer, but each holds its request and response objects, so they are let
 * go sooner. */
export const httpRequests = new ChurnTable(activeRequests, 32);

/** Every tracked handle that may still be pending. */
export function handleEntries(): HandleEntry[] {
  return [...handles.values(), ...churn.entries(), ...httpRequests.entries()];
}

/** The stack of a tracked handle by its async id (a trigger), wherever it is kept. */
export function holderOf(id: number): Holder | undefined {
  return handles.get(id)?.holder ?? churn.holderOf(id) ?? httpRequests.holderOf(id);
}
/** Pending promise ids (see pending-ids.ts). */
export const pending = new PendingIds();
/** Subscriptions (await / .then) on a pending promise that were recorded with a stack; the others
 * are only counted on the promise they wait for (pending.subscribers()). */
export const awaits: Map<number, AwaitEntry> = new SafeMap<number, AwaitEntry>();
/** Subscriptions whose promise was garbage-collected while pending (asyncio's message). */
export const destroyed: AwaitEntry[] = [];
export const MAX_DESTROYED = 10_000;

/** Resource -> its entry, for kinds that meet the same resource again (a keep-alive socket
 * given to another request gets a new async id for the same handle). */
export const byResource: WeakMap<object, HandleEntry> = new SafeWeakMap<object, HandleEntry>();

/** Whether an await/.then() entry is still waiting: its parent promise has not settled. */
export function stillWaiting(entry: AwaitEntry): boolean {
  return entry.destroyed || pending.get(entry.parent) !== 0;
}
