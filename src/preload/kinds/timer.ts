// setTimeout / setInterval (Timeout) and setImmediate (Immediate).
import { captureStack, HANDLE_FRAMES, type RawFrame } from '../hooks/capture.js';
import { CaptureBudget } from '../hooks/budget.js';
import { clearTimeout, now, setTimeout } from '../builtins.js';
import { currentTest } from '../runners/context.js';
import { churn, type HandleEntry } from '../tables/tables.js';
import { pendingJustBefore, promiseClock, promisesTracked } from '../hooks/promises.js';
import { RANK, type Kind } from './kind.js';
import { hasRef, type Bag } from './native.js';

/** Timers shorter than this get no stack at creation: capturing one costs ~5-7 us, more than the
 * timer itself, and a short timer can only be pending if the process is cut off (process.exit, a
 * signal). Those are located by their callback's source position at report time instead. */
const SHORT_TIMER_MS = 100;
/** Long timers are mostly deadlines that get cleared before they fire; one without a stack is still
 * located, by its callback. */
const budget = new CaptureBudget(2000, 256);

export const timer: Kind = {
  types: ['Timeout', 'Immediate'],
  init(id, type, _trigger, resource) {
    if (type === 'Timeout' && armedByNode(id, resource)) return;
    let holder;
    // A timeout's age is read from its own start at report time (timerAge), not from a clock read
    // for each of a million deadlines (~30 ns each).
    let time = 0;
    if (type === 'Timeout') {
      const t = resource as { _repeat?: unknown; _idleTimeout?: number };
      if (t._repeat !== null && t._repeat !== undefined) {
        holder = captureStack(HANDLE_FRAMES);
        // An interval's start moves at each run: it keeps its creation time.
        time = now();
      }
      // Unsampled long timers are located by their callback if still pending at exit.
      else if ((t._idleTimeout ?? 0) >= SHORT_TIMER_MS && budget.take()) holder = captureStack(HANDLE_FRAMES);
    } else {
      time = now();
    }
    churn.add(timer.alive, id, type, 0, promiseClock(id), resource, holder, time, currentTest());
  },
  ageMs: timerAge,
  alive: (entry) => (entry.resource as Bag)._destroyed !== true,
  refed: hasRef,
  describe(entry) {
    if (entry.type === 'Immediate') return 'setImmediate(…)';
    const t = entry.resource as Bag;
    const ms = typeof t._idleTimeout === 'number' ? t._idleTimeout : undefined;
    const repeat = t._repeat !== null && t._repeat !== undefined;
    return `${repeat ? 'setInterval' : 'setTimeout'}(…, ${ms ?? '?'})`;
  },
  fallback: 'callback',
  rank: RANK.timer,
  stdio: false,
  internal: scheduledByNode,
};

/** Node's own symbol for a timer's ref state (`refed`), found on the first Timeout. */
let refedSymbol: symbol | undefined;

/** A timeout Node arms for a stream (socket.setTimeout, req.setTimeout, a keep-alive agent's idle
 * sockets: two per HTTP request) is unref'd from its start (setUnrefTimeout), and its creator is
 * Node's code: scheduledByNode would call it Node's at report time, so it is never reported. On
 * Node 24 such timeouts stay pending until they fire instead of being cleared: an entry for each
 * made the young generation grow (peak RSS 1.36x plain on 10k keep-alive requests). They get no
 * entry. The one other maker of a timeout unref'd from its start is node:timers/promises' setTimeout
 * with { ref: false }, inside the `new Promise` it returns, made just before: a pending promise whose
 * async id is one less. That one keeps its entry (an awaiting function's chain ends at it). */
function armedByNode(id: number, resource: object): boolean {
  if (refedSymbol === undefined) {
    refedSymbol = Object.getOwnPropertySymbols(resource).find((s) => s.description === 'refed');
    if (refedSymbol === undefined) return false;
  }
  if ((resource as Record<symbol, unknown>)[refedSymbol] !== false) return false;
  // With promises off there is no pending table to tell timers/promises' apart: keep them all.
  return promisesTracked() && !pendingJustBefore(id);
}

/** Node's timer clock (ms since the event loop started: what a Timeout's `_idleStart` holds) at the
 * snapshot taken at `at`, read from a timeout made and cleared at once. */
let clock = { at: NaN, loop: 0 };

function loopNow(at: number): number {
  if (clock.at !== at) {
    const probe = setTimeout(noop, 0x3fffffff) as unknown as Bag;
    clearTimeout(probe as never);
    clock = { at, loop: typeof probe._idleStart === 'number' ? probe._idleStart : NaN };
  }
  return clock.loop;
}

function noop(): void {}

/** A timeout's age: since it was scheduled (or refreshed), on Node's own timer clock. */
function timerAge(entry: HandleEntry, at: number): number {
  const start = (entry.resource as Bag)._idleStart;
  const age = typeof start === 'number' ? loopNow(at) - start : NaN;
  return Number.isFinite(age) ? Math.max(0, Math.round(age)) : 0;
}

/** The function a timer or immediate will call. */
export function timerCallback(entry: HandleEntry): unknown {
  const t = entry.resource as { _onTimeout?: unknown; _onImmediate?: unknown };
  return entry.type === 'Timeout' ? t._onTimeout : t._onImmediate;
}

const TIMER_MODULES = new Set(['node:timers', 'node:timers/promises', 'node:internal/timers']);

/** A timer Node schedules for its own bookkeeping while user code calls it (the HTTP Date header
 * cache set up by res.writeHead) has user frames further down, but whoever called setTimeout is
 * Node itself. Such timers are Node's, not the program's. */
function scheduledByNode(raw: RawFrame[]): boolean {
  const ctor = raw.findIndex((f) => f.fn === 'Timeout' && f.file.startsWith('node:'));
  if (ctor === -1) return false;
  for (const frame of raw.slice(ctor + 1)) {
    if (frame.native || frame.file === '') continue; // new Promise (timers/promises)
    if (!frame.file.startsWith('node:')) return false; // reached the caller: user code
    if (!TIMER_MODULES.has(frame.file)) return true; // e.g. node:internal/http's utcDate
  }
  return false;
}
