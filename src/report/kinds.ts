// What users read about each kind of task: its noun (in the headline, "Timer was still pending at
// exit!") and a one-line hint on how to fix that kind of leak. One row per async_hooks type the
// preload can report (src/preload/kinds/); test/preload/kinds.test.ts checks that the two agree.
import type { TaskKind, TaskState } from './types.js';

interface KindWords {
  noun: string;
  hint: string;
  /** For an unref'd one (a warning): the hint without "or .unref() it", which it already is. */
  unrefed?: string;
}

const CLOSE_SERVER = 'call server.close() (and close its open connections) before exit';
const END_SOCKET = 'call socket.end() when done with it, or socket.destroy() to drop it';
const HTTP2 = 'call session.close() when done with the HTTP/2 session';
const IN_FLIGHT = 'an operation is still in flight: await it (or wait for its callback) before exiting';

export const HANDLE_KINDS: Readonly<Record<string, KindWords>> = {
  Timeout: {
    noun: 'Timer',
    hint: 'clearTimeout()/clearInterval() it, or .unref() it if it must not keep the process alive',
    unrefed:
      "clearTimeout()/clearInterval() it when done: it is unref'd already, and its callback never runs after exit",
  },
  Immediate: { noun: 'Immediate', hint: 'clearImmediate() it, or stop scheduling it again from its own callback' },
  TCPSERVERWRAP: { noun: 'Server', hint: CLOSE_SERVER },
  PIPESERVERWRAP: { noun: 'Server', hint: CLOSE_SERVER },
  TCPWRAP: { noun: 'Socket', hint: END_SOCKET },
  PIPEWRAP: { noun: 'Socket', hint: END_SOCKET },
  TLSWRAP: { noun: 'Socket', hint: END_SOCKET },
  PROCESSWRAP: { noun: 'Child process', hint: "call child.kill() or await its 'exit' event before exiting" },
  WORKER: { noun: 'Worker', hint: 'call worker.terminate() (or let the worker finish) before exiting' },
  FSEVENTWRAP: { noun: 'Watcher', hint: 'call watcher.close() when done watching' },
  STATWATCHER: { noun: 'Watcher', hint: 'call fs.unwatchFile() (or watcher.close()) when done watching' },
  FILEHANDLE: { noun: 'File handle', hint: 'await filehandle.close() when done with it (in a finally block)' },
  HTTPCLIENTREQUEST: {
    noun: 'HTTP request',
    hint: 'consume the response (res.resume()) or abort the request (req.destroy(), an AbortSignal)',
  },
  UDPWRAP: { noun: 'UDP socket', hint: 'call socket.close() when done with the UDP socket' },
  MESSAGEPORT: {
    noun: 'Message port',
    hint: 'call port.close() when done with it (or port.unref())',
    unrefed: "call port.close() when done with it (it is unref'd already)",
  },
  FSREQCALLBACK: { noun: 'fs operation', hint: IN_FLIGHT },
  GETADDRINFOREQWRAP: { noun: 'DNS lookup', hint: IN_FLIGHT },
  GETNAMEINFOREQWRAP: { noun: 'DNS lookup', hint: IN_FLIGHT },
  // Reported by the preload's catch-all kind (kinds/other.ts).
  HTTP2SESSION: { noun: 'HTTP/2 session', hint: HTTP2 },
  HTTP2STREAM: { noun: 'HTTP/2 stream', hint: 'end or close the HTTP/2 stream (stream.close())' },
  HTTP2PING: { noun: 'HTTP/2 session', hint: HTTP2 },
  HTTP2SETTINGS: { noun: 'HTTP/2 session', hint: HTTP2 },
};

const ASYNC_FUNCTION =
  'it is suspended at an await that never resumed: its finally blocks never ran; await or cancel what it waits for';
/** --per-test: an async function still running when its test ended may well finish later. */
export const OUTLIVED_TEST =
  'it was still running when its test ended: await it in the test, or stop what it waits for in an afterEach';
const PENDING_PROMISE = 'something awaits a promise that is never settled: resolve/reject it or stop awaiting it';
/** A .then() continuation whose chain ends in pending work (a timer, a socket), not in a promise
 * that nothing settles. */
export const WAITING_CONTINUATION =
  'its callback runs only once what it waits for settles: end or cancel that work, or stop waiting for it';
const DESTROYED_PROMISE = 'the promise was garbage-collected while pending: nothing could ever settle it';
const DEFAULT_HANDLE = 'close or destroy it when done with it, or .unref() it if it must not keep the process alive';
const DEFAULT_UNREFED = "close or destroy it when done with it (it is unref'd already)";
const AWAIT_REQUEST = IN_FLIGHT;

// In-flight requests (fs, dns, ...): async_hooks names most of them *REQ*.
const REQUEST_RE = /REQ|^QUERYWRAP$|^HEAPSNAPSHOT$/;

/** What kind of handle this is, in one or two words ("Timer", "Child process"). */
export function handleNoun(type: string): string {
  return HANDLE_KINDS[type]?.noun ?? (REQUEST_RE.test(type) ? 'Request' : 'Handle');
}

/** `refed: false` (an unref'd handle, a warning): never the advice to .unref() it. */
export function hintFor(task: { kind: TaskKind; type: string; state: TaskState; refed?: boolean }): string {
  if (task.kind === 'promise') {
    if (task.state === 'destroyed') return DESTROYED_PROMISE;
    return task.type === 'AsyncFunction' ? ASYNC_FUNCTION : PENDING_PROMISE;
  }
  const unrefed = task.refed === false;
  const known = HANDLE_KINDS[task.type];
  if (known !== undefined) return unrefed ? (known.unrefed ?? known.hint) : known.hint;
  if (REQUEST_RE.test(task.type)) return AWAIT_REQUEST;
  return unrefed ? DEFAULT_UNREFED : DEFAULT_HANDLE;
}
