// Cheap creation-stack capture. At init we only ask V8 to record the raw structured trace
// (Error.captureStackTrace is lazy: nothing is formatted until `.stack` is read). We read it at
// report time through our own temporary Error.prepareStackTrace, so a program that installs its
// own prepareStackTrace (or source-map-support) neither sees our reads nor breaks them.
// https://v8.dev/docs/stack-trace-api

import { captureStackTrace } from '../builtins.js';

export interface Holder {
  stack?: unknown;
}

export interface RawFrame {
  fn: string;
  file: string;
  line: number;
  column: number;
  /** Builtins and native frames (`Promise.then`, `new Promise`, `Function.race`). */
  native: boolean;
  isConstructor: boolean;
  isAsync: boolean;
  /** Report time only, for source maps: the V8 CallSite (its script's hash) and the program's own
   * Error.prepareStackTrace when the frames were read (a runner's source-map interceptor). */
  site?: NodeJS.CallSite;
  formatter?: unknown;
}

/** The program's Error.prepareStackTrace while readFrames runs (toFrames replaces it). */
let programFormatter: unknown;

/** The hook function whose frame (and every frame above it: ours) a capture leaves out. */
let boundary: Function = capture;

export function setCaptureBoundary(fn: Function): void {
  boundary = fn;
}

/** Frames kept per handle's stack, and per await's (an await's first user frames are enough). */
export const HANDLE_FRAMES = 24;
export const PROMISE_FRAMES = 12;

/** Records the current stack into a fresh holder, from the frame below the hook. */
export function captureStack(limit: number): Holder {
  return capture(limit, boundary);
}

/** Records the current stack into a fresh holder. `above` and the frames above it are left out. */
export function capture(limit: number, above: Function): Holder {
  const holder: Holder = {};
  const saved = Error.stackTraceLimit;
  // A program may set stackTraceLimit = 0 (or a non-number); our capture must not depend on it.
  Error.stackTraceLimit = limit;
  captureStackTrace(holder, above);
  Error.stackTraceLimit = saved;
  return holder;
}

function toFrames(_error: unknown, sites: NodeJS.CallSite[]): RawFrame[] {
  const frames: RawFrame[] = [];
  for (const site of sites) {
    const file = site.getFileName() ?? site.getScriptNameOrSourceURL?.() ?? '';
    const typeName = site.getTypeName();
    const fnName = site.getFunctionName();
    const method = site.getMethodName();
    let fn = fnName ?? method ?? '';
    if (typeName && fnName && !site.isConstructor() && typeName !== 'Object' && !fnName.includes('.')) {
      if (typeName !== 'global' && typeName !== 'process' && typeName !== 'AsyncHook') fn = `${typeName}.${fnName}`;
    }
    frames.push({
      fn,
      file,
      line: site.getLineNumber() ?? 0,
      column: site.getColumnNumber() ?? 0,
      native: !file || site.isNative(),
      isConstructor: site.isConstructor(),
      isAsync: typeof site.isAsync === 'function' ? site.isAsync() : false,
      site,
      formatter: programFormatter,
    });
  }
  return frames;
}

/** Reads a holder's structured frames. Never throws; an unreadable stack is empty. */
export function readFrames(holder: Holder | undefined): RawFrame[] {
  if (!holder) return [];
  const saved = Error.prepareStackTrace;
  programFormatter = saved;
  Error.prepareStackTrace = toFrames as typeof Error.prepareStackTrace;
  try {
    const frames = holder.stack;
    return Array.isArray(frames) ? (frames as RawFrame[]) : [];
  } catch {
    return [];
  } finally {
    Error.prepareStackTrace = saved;
    programFormatter = undefined;
  }
}
