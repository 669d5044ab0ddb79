// Every exit path ends in one report: the loop drained, process.exit(), an uncaught exception or
// unhandled rejection, and SIGINT/SIGTERM/SIGHUP. The program must end exactly as it would have
// without us: a signal with no handler of the program's own still kills the process by that
// signal (we report, remove our listener and raise it again); with the program's own handler,
// that handler decides and we only leave a snapshot for the wrapper.
//
// A signal the process sends itself (process.kill(process.pid, 'SIGTERM'), signal-exit's re-raise)
// is reported from process._kill, before it is sent: Node's signal handles are unref'd, so with
// nothing else pending our listener would never run and the process would exit 0 instead of dying.
//
// No listener of ours is visible to the program (programs and libraries branch on listener counts):
// exits are seen by wrapping process.emit and process.reallyExit, as signal-exit does, and the
// signal listeners (a signal is only caught with one) are left out of what process.listeners(),
// rawListeners(), listenerCount() and eventNames() return.
import { isMainThread } from '../thread.js';
import { constants } from 'node:os';
import type { ExitReason } from '../../report/types.js';
import { capture, readFrames } from '../hooks/capture.js';
import type { PreloadConfig } from '../config.js';
import { configureExitReport, failing, noteStopSignal, reportExit, reported } from './exit-report.js';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

let config: PreloadConfig;
let uncaught = false;

function exitWasCalled(): boolean {
  const frames = readFrames(capture(16, exitWasCalled));
  return frames.some((f) => f.file === 'node:internal/process/per_thread' && /(^|\.)exit$/.test(f.fn));
}

/** After every 'exit' listener of the program has run: what they closed is not reported. */
function onExit(emitted: number): void {
  const reason: ExitReason = uncaught ? 'uncaught' : exitWasCalled() ? 'exit' : 'natural';
  // A listener may have set process.exitCode; Node exits with it.
  const code = process.exitCode === undefined || process.exitCode === null ? emitted : Number(process.exitCode) || 0;
  const r = reportExit(reason, code, null, true);
  // Node reads process.exitCode again once 'exit' has been emitted.
  if (failing(r) && (process.exitCode === undefined || process.exitCode === 0) && code === 0) process.exitCode = 1;
}

// signal-exit re-raises a signal only when its own listeners are the only ones; readline and
// libraries install a default SIGINT handler when there is none.
type Lister = (this: unknown, event: string | symbol) => Function[];
const original = {
  emit: process.emit as (this: unknown, event: string | symbol, ...args: unknown[]) => boolean,
  reallyExit: (process as unknown as { reallyExit: (code: number) => never }).reallyExit,
  listeners: process.listeners as Lister,
  rawListeners: process.rawListeners as Lister,
  listenerCount: process.listenerCount as (this: unknown, event: string | symbol) => number,
  _kill: (process as unknown as { _kill: (pid: unknown, signum: number) => unknown })._kill,
  eventNames: process.eventNames as (this: unknown) => Array<string | symbol>,
};

let signalsHooked = false;
/** Set while Node's own 'removeListener' handler runs: it stops watching a signal when
 * process.listenerCount() says 0, and must see ours to keep watching. */
let nodeIsCounting = false;

/** Listeners of ours on process, hidden from the program: the exit signals' and `ps`'s (live/). */
const hidden = new Map<string, Function>();

function ours(event: unknown): boolean {
  return signalsHooked && !nodeIsCounting && typeof event === 'string' && hidden.has(event);
}

/** Listens to `event` on process with a listener the program does not see (main thread only). */
export function listenHidden(event: string, listener: (signal: NodeJS.Signals) => void): void {
  hidden.set(event, listener);
  process.on(event as NodeJS.Signals, listener);
}

/** The last signal this process sent itself: not a request from outside. */
let selfSent: string | undefined;

function onSignal(signal: NodeJS.Signals): void {
  if (signal !== selfSent) noteStopSignal(signal);
  if (original.listenerCount.call(process, signal) > 1) {
    // The program handles this signal itself; it may go on running. Leave a snapshot so the
    // wrapper has something if the process is killed next; a later report replaces it.
    if (config.reportDir) reportExit('signal', null, signal, false);
    return;
  }
  reportExit('signal', null, signal, true);
  process.removeListener(signal, onSignal);
  process.kill(process.pid, signal);
}

/** Defines a replacement the way the original was defined (own or inherited, enumerable or not). */
function replace(name: keyof typeof original, value: Function): void {
  const own = Object.getOwnPropertyDescriptor(process, name);
  Object.defineProperty(process, name, {
    value,
    writable: true,
    configurable: true,
    enumerable: own?.enumerable ?? false,
  });
}

function hideSignalListeners(): void {
  const withoutOurs = (list: Function[], event: string | symbol): Function[] =>
    list.filter((f) => f !== hidden.get(event as string));
  replace('listeners', function listeners(this: unknown, event: string | symbol) {
    const list = original.listeners.call(this, event);
    return this === process && ours(event) ? withoutOurs(list, event) : list;
  });
  replace('rawListeners', function rawListeners(this: unknown, event: string | symbol) {
    const list = original.rawListeners.call(this, event);
    return this === process && ours(event) ? withoutOurs(list, event) : list;
  });
  replace('listenerCount', function listenerCount(this: unknown, event: string | symbol, ...rest: unknown[]) {
    const n = Reflect.apply(original.listenerCount, this, [event, ...rest]) as number;
    const listener = rest[0];
    if (this !== process || !ours(event)) return n;
    const own = hidden.get(event as string);
    if (listener !== undefined) return listener === own ? 0 : n;
    return original.listeners.call(process, event).includes(own!) ? n - 1 : n;
  });
  replace('eventNames', function eventNames(this: unknown) {
    const names = original.eventNames.call(this);
    if (this !== process) return names;
    return names.filter((name) => !ours(name) || withoutOurs(original.listeners.call(process, name), name).length > 0);
  });
}

/** process.emit sees every exit path without a listener of ours: 'exit' on a drained loop, on
 * process.exit() and after an uncaught error; 'uncaughtExceptionMonitor' before the latter. */
function emit(this: unknown, event: string | symbol, ...args: unknown[]): boolean {
  if (this !== process) return Reflect.apply(original.emit, this, [event, ...args]) as boolean;
  // With the program's own 'uncaughtException' handler the process goes on.
  if (event === 'uncaughtExceptionMonitor' && original.listenerCount.call(process, 'uncaughtException') === 0) {
    uncaught = true;
  }
  const nodeCounts = event === 'removeListener' && ours(args[0]);
  if (nodeCounts) nodeIsCounting = true;
  try {
    return Reflect.apply(original.emit, this, [event, ...args]) as boolean;
  } finally {
    if (nodeCounts) nodeIsCounting = false;
    if (event === 'exit') {
      try {
        onExit(Number(args[0]) || 0);
      } catch {
        // report() catches its own errors; nothing of ours may reach the program's exit path.
      }
    }
  }
}

/** Signals whose default action ends the process and that Node leaves at the default: sent to
 * ourselves with no listener of the program's, they end us inside process.kill(). Not SIGUSR1 (Node
 * starts the inspector), SIGPIPE or SIGXFSZ (Node ignores them). */
const FATAL: ReadonlySet<string> = new Set([
  ...SIGNALS,
  'SIGKILL',
  'SIGQUIT',
  'SIGABRT',
  'SIGUSR2',
  'SIGALRM',
  'SIGVTALRM',
  'SIGPROF',
]);
const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, n]) => [n as number, name]));

/** The signal's name when `signum` sent to `pid` by this thread ends this process at once. */
function endsUs(pid: unknown, signum: number): string | undefined {
  // A worker's kill is caught by the main thread's listener, which reports.
  if (!isMainThread || reported()) return undefined;
  const target = Number(pid);
  // 0: our process group, us included.
  if (target !== process.pid && target !== 0) return undefined;
  const name = SIGNAL_NAMES.get(signum);
  if (name === undefined || !FATAL.has(name)) return undefined;
  if (name === 'SIGKILL') return name;
  const own = original.listeners.call(process, name).filter((f) => f !== onSignal).length;
  return own === 0 ? name : undefined;
}

/** process.kill() validates its arguments, then calls process._kill(pid, signum). */
function kill(this: unknown, pid: unknown, signum: number): unknown {
  let name: string | undefined;
  try {
    const target = Number(pid);
    if (target === process.pid || target === 0) selfSent = SIGNAL_NAMES.get(signum);
    name = endsUs(pid, signum);
    if (name !== undefined) {
      reportExit('signal', null, name, true);
      // Node restores the default action once no listener is left.
      if ((SIGNALS as readonly string[]).includes(name)) process.removeListener(name, onSignal);
    }
  } catch {
    // Reporting must never change what kill() does.
  }
  return Reflect.apply(original._kill, this, [pid, signum]);
}

/** An 'exit' listener that calls process.exit() ends the process inside emit('exit'), before the
 * listeners after it (and before emit returns): report here then. */
function reallyExit(this: unknown, code: number): never {
  if (!reported()) {
    const r = reportExit(uncaught ? 'uncaught' : 'exit', Number(code) || 0, null, true);
    if (failing(r) && !code) code = 1;
  }
  return Reflect.apply(original.reallyExit, this, [code]) as never;
}

export function installExitHandlers(cfg: PreloadConfig): void {
  config = cfg;
  configureExitReport(cfg);
  replace('emit', emit);
  replace('reallyExit', reallyExit);
  if (typeof original._kill === 'function') replace('_kill', kill);
  // Signals are delivered to the main thread only.
  if (isMainThread) {
    hideSignalListeners();
    signalsHooked = true;
    for (const signal of SIGNALS) listenHidden(signal, onSignal);
  }
}
