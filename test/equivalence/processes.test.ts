// Children, forked children (which inherit the preload), worker threads, servers and in-flight requests.
import { defineCases } from './helpers.js';

defineCases('equivalence: processes, threads and I/O', [
  {
    fixture: 'spawn-child.mjs',
    what: 'spawn and execFileSync children',
    report: 'clean',
    exit: { code: 0 },
    stdoutHas: ['relayed: child says hi', 'child exit 3 null', 'sync child: 42'],
  },
  {
    fixture: 'fork-child.cjs',
    what: 'a forked child over IPC',
    report: 'clean',
    exit: { code: 0 },
    stdoutHas: ['child exit 0'],
  },
  {
    fixture: 'worker.mjs',
    what: 'a worker thread posts a message',
    report: 'clean',
    exit: { code: 0 },
    stdoutHas: ['main got 42', 'worker exit 0'],
  },
  // The worker leaves an interval behind: its own report may appear on the shared stderr.
  {
    fixture: 'worker-eval-exit.cjs',
    what: 'process.exit(3) inside a worker',
    report: 'any',
    exit: { code: 0 },
    stdoutHas: ['worker exit 3'],
  },
  {
    fixture: 'worker-terminated.mjs',
    what: 'worker.terminate()',
    report: 'any',
    exit: { code: 0 },
    stdoutHas: ['terminated with 1'],
  },
  {
    fixture: 'child-killed.cjs',
    what: 'the program kills its child',
    report: 'clean',
    exit: { code: 0 },
    stdoutHas: ['child exit null SIGTERM'],
  },
  {
    fixture: 'server-closes.mjs',
    what: 'a TCP server and client that both close',
    report: 'clean',
    exit: { code: 0 },
    stdoutHas: ['server closed'],
  },
  {
    fixture: 'http-server-closes.cjs',
    what: 'an HTTP server that closes after one request',
    report: 'clean',
    exit: { code: 0 },
    stdoutHas: ['200 hello /world', 'closed'],
  },
  {
    fixture: 'server-left-open-exit.mjs',
    what: 'process.exit() with a server listening',
    report: 'report',
    exit: { code: 0 },
  },
  {
    fixture: 'fs-zlib-crypto-dns.cjs',
    what: 'fs, zlib, crypto and dns requests',
    report: 'clean',
    exit: { code: 0 },
    stdoutHas: ['roundtrip payload', 'localhost resolves true'],
  },
]);
