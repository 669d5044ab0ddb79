// One line per kind of leak: what to do about it.
import type { TaskKind, TaskState } from './types.js';

const CLOSE_SERVER = 'call server.close() (and close its open connections) before exit';
const END_SOCKET = 'call socket.end() when done with it, or socket.destroy() to drop it';
const AWAIT_REQUEST = 'an operation is still in flight: await it (or wait for its callback) before exiting';

const BY_TYPE: Record<string, string> = {
  Timeout: 'clearTimeout()/clearInterval() it, or .unref() it if it must not keep the process alive',
  Immediate: 'clearImmediate() it, or stop scheduling it again from its own callback',
  TCPSERVERWRAP: CLOSE_SERVER,
  PIPESERVERWRAP: CLOSE_SERVER,
  TCPWRAP: END_SOCKET,
  PIPEWRAP: END_SOCKET,
  TLSWRAP: END_SOCKET,
  TCPCONNECTWRAP: END_SOCKET,
  PIPECONNECTWRAP: END_SOCKET,
  JSSTREAM: END_SOCKET,
  SHUTDOWNWRAP: END_SOCKET,
  WRITEWRAP: END_SOCKET,
  PROCESSWRAP: "call child.kill() or await its 'exit' event before exiting",
  WORKER: 'call worker.terminate() (or let the worker finish) before exiting',
  FSEVENTWRAP: 'call watcher.close() when done watching',
  STATWATCHER: 'call fs.unwatchFile() (or watcher.close()) when done watching',
  FILEHANDLE: 'await filehandle.close() when done with it (in a finally block)',
  FILEHANDLECLOSEREQ: 'await filehandle.close() before exiting',
  HTTPCLIENTREQUEST: 'consume the response (res.resume()) or abort the request (req.destroy(), an AbortSignal)',
  HTTPINCOMINGMESSAGE: 'consume the message body (res.resume()) or destroy it (res.destroy())',
  UDPWRAP: 'call socket.close() when done with the UDP socket',
  JSUDPWRAP: 'call socket.close() when done with the UDP socket',
  SIGNALWRAP: 'remove the signal listener (process.off(signal, handler)) when it is no longer needed',
  MESSAGEPORT: 'call port.close() when done with it (or port.unref())',
  TTYWRAP: 'stop reading from the terminal: process.stdin.pause() (or .destroy())',
  HTTP2SESSION: 'call session.close() when done with the HTTP/2 session',
  HTTP2STREAM: 'end or close the HTTP/2 stream (stream.close())',
  HTTP2PING: 'call session.close() when done with the HTTP/2 session',
  HTTP2SETTINGS: 'call session.close() when done with the HTTP/2 session',
  DNSCHANNEL: 'await the pending lookups, or call resolver.cancel()',
};

const ASYNC_FUNCTION =
  'it is suspended at an await that never resumed: its finally blocks never ran; await or cancel what it waits for';
const PENDING_PROMISE = 'something awaits a promise that is never settled: resolve/reject it or stop awaiting it';
const DESTROYED_PROMISE = 'the promise was garbage-collected while pending: nothing could ever settle it';
const DEFAULT_HANDLE = 'close or destroy it when done with it, or .unref() it if it must not keep the process alive';

// In-flight requests (fs, dns, zlib, crypto, ...): async_hooks names most of them *REQ*.
const REQUEST_RE = /REQ|^ZLIB$|^QUERYWRAP$|^HEAPSNAPSHOT$/;

export function hintFor(task: { kind: TaskKind; type: string; state: TaskState }): string {
  if (task.kind === 'promise') {
    if (task.state === 'destroyed') return DESTROYED_PROMISE;
    return task.type === 'AsyncFunction' ? ASYNC_FUNCTION : PENDING_PROMISE;
  }
  const known = BY_TYPE[task.type];
  if (known !== undefined) return known;
  if (REQUEST_RE.test(task.type)) return AWAIT_REQUEST;
  return DEFAULT_HANDLE;
}
