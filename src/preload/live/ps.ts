// `lingering ps <pid>`: a snapshot of what this process has pending right now, written for the
// asker while the program goes on. The asker (cli/ps.ts) writes a request into its own directory
// and sends PS_SIGNAL (report/protocol.ts); our listener, hidden from process.listeners() like the
// exit signals' (exit/intercept.ts), answers from the event loop: a process busy in synchronous code
// answers when it is done, or never, and the asker says so.
//
// The listener is installed before tracking starts, so its signal handle (unref'd: it keeps nothing
// alive) is not one of the program's resources. Everything it does is synchronous: no async
// resource of ours is made, no tracked table is changed (the snapshot only reads them).
import { isMainThread } from '../thread.js';
import { lstatSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import asyncHooks from 'node:async_hooks';
import { PS_REQUEST_RE, PS_SIGNAL, psAnswerName, psDirName, psRequestName } from '../../report/protocol.js';
import type { Report } from '../../report/types.js';
import { listenHidden } from '../exit/intercept.js';
import { reported, threadReport } from '../exit/exit-report.js';
import { trackerFailed } from '../hooks/tracker.js';
import { withIntrinsics } from '../intrinsics.js';
import { snapshot } from '../snapshot/snapshot.js';
import { liveChildren } from '../threads/registry.js';

const { executionAsyncId } = asyncHooks;

/** Main thread only: signals are delivered to it. Not on Windows (no SIGURG). */
export function listenForPs(): void {
  if (!isMainThread || process.platform === 'win32' || typeof process.getuid !== 'function') return;
  listenHidden(PS_SIGNAL, answer);
}

/** Ours alone: a directory, not a link, owned by us, closed to others (the asker made it so). */
function safeDir(dir: string): boolean {
  const st = lstatSync(dir, { throwIfNoEntry: false });
  return st !== undefined && st.isDirectory() && st.uid === process.getuid!() && (st.mode & 0o077) === 0;
}

function writeAtomic(dir: string, name: string, data: string): void {
  const target = join(dir, name);
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, data, { mode: 0o600 });
  renameSync(tmp, target);
}

function answer(): void {
  try {
    if (reported()) return;
    const dir = join(tmpdir(), psDirName(process.getuid!()));
    if (!safeDir(dir)) return;
    const request = join(dir, psRequestName(process.pid));
    const st = lstatSync(request, { throwIfNoEntry: false });
    if (!st?.isFile()) return;
    const nonce = readFileSync(request, 'utf8').trim();
    if (!PS_REQUEST_RE.test(nonce)) return;
    // At once: the asker now knows we are not stuck in synchronous code, and waits for the rest.
    writeAtomic(dir, psAnswerName(process.pid, nonce, 'ack'), '');
    withIntrinsics(() => writeAtomic(dir, psAnswerName(process.pid, nonce, 'json'), JSON.stringify(liveReport())));
  } catch {
    // A request we cannot answer is the asker's to report; the program must not notice.
  }
}

/** What exit-report.ts builds at exit, for a process that goes on running. */
export function liveReport(): Report {
  const snap = trackerFailed() ? { tasks: [], unrecordedAwaits: 0 } : snapshot({ exclude: executionAsyncId() });
  const report = threadReport(snap.tasks, { reason: 'running', code: null, signal: null }, snap.unrecordedAwaits);
  const threads = liveChildren().length;
  if (threads > 0) report.processes[0]!.workerThreads = threads;
  return report;
}
