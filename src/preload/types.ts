// async_hooks resource types that are never reported: Node's own bookkeeping, transient work
// whose owner (a socket, a stream) is tracked instead, and resources that cannot hold a
// process open or lose work. https://nodejs.org/api/async_hooks.html#type
import { SafeSet } from './safe.js';

export const IGNORED_TYPES: ReadonlySet<string> = new SafeSet([
  'TickObject',
  'Microtask',
  'DNSCHANNEL',
  'ZLIB',
  'TTYWRAP',
  'SIGNALWRAP',
  'HTTPINCOMINGMESSAGE',
  'ELDHISTOGRAM',
  'WRITEWRAP',
  'SHUTDOWNWRAP',
  'TCPCONNECTWRAP',
  'PIPECONNECTWRAP',
  'FILEHANDLECLOSEREQ',
  'PerformanceObserver',
  'RANDOMBYTESREQUEST',
  'RANDOMPRIMEREQUEST',
  'PBKDF2REQUEST',
  'SCRYPTREQUEST',
  'HASHREQUEST',
  'HMACREQUEST',
  'CIPHERREQUEST',
  'SIGNREQUEST',
  'VERIFYREQUEST',
  'DERIVEBITSREQUEST',
  'KEYGENREQUEST',
  'KEYPAIRGENREQUEST',
  'CHECKPRIMEREQUEST',
  'HKDFREQUEST',
  'SECRETKEYGENREQUEST',
  'JSSTREAM',
  'STREAMPIPE',
  'QUERYWRAP',
  'INSPECTORJSBINDING',
]);

/** When several handles are created by one call (spawn makes a process and three pipes), the
 * first type in this list is reported and the others become its chain. */
export const PRIMARY_ORDER = [
  'PROCESSWRAP',
  'WORKER',
  'HTTPCLIENTREQUEST',
  'TCPSERVERWRAP',
  'PIPESERVERWRAP',
  'TLSWRAP',
  'TCPWRAP',
  'PIPEWRAP',
  'UDPWRAP',
  'FSEVENTWRAP',
  'STATWATCHER',
  'FILEHANDLE',
  'MESSAGEPORT',
  'Timeout',
  'Immediate',
];

/** Connection handles: what an HTTP request rides on, and what a server accepts. */
export const SOCKET_TYPES: ReadonlySet<string> = new SafeSet(['TCPWRAP', 'PIPEWRAP', 'TLSWRAP']);
export const SERVER_TYPES: ReadonlySet<string> = new SafeSet(['TCPSERVERWRAP', 'PIPESERVERWRAP']);
