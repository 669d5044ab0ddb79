// `lingering ps` with no pid: the running wrappers of this user (their report directories under
// the temporary directory, each with the wrapper's marker) and the observed threads in each that
// started and have not reported yet.
import { lstat, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPORT_DIR_RE, WRAPPER_MARKER, type WrapperMarker } from '../report/protocol.js';
import { parseNames, unreported } from './report-dir.js';
import type { PsThread, PsWrapper } from '../report/format-ps.js';

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readJson<T>(file: string): Promise<Partial<T> | null> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as Partial<T>) : null;
  } catch {
    return null;
  }
}

export async function listWrappers(tmp = tmpdir(), now = Date.now()): Promise<PsWrapper[]> {
  let names: string[];
  try {
    names = await readdir(tmp);
  } catch {
    return [];
  }
  const uid = process.getuid?.();
  const wrappers: PsWrapper[] = [];
  for (const name of names.filter((n) => REPORT_DIR_RE.test(n))) {
    const dir = join(tmp, name);
    const st = await lstat(dir).catch(() => null);
    if (!st?.isDirectory() || (uid !== undefined && st.uid !== uid)) continue;
    const marker = await readJson<WrapperMarker>(join(dir, WRAPPER_MARKER));
    if (typeof marker?.pid !== 'number' || !alive(marker.pid)) continue;
    wrappers.push({
      pid: marker.pid,
      command: Array.isArray(marker.command) ? marker.command.map(String) : [],
      cwd: typeof marker.cwd === 'string' ? marker.cwd : '',
      uptimeMs: typeof marker.time === 'number' ? Math.max(0, now - marker.time) : 0,
      threads: await runningThreads(dir, now),
    });
  }
  return wrappers.sort((a, b) => a.pid - b.pid);
}

/** Threads with a start-up marker, no report written after it, and a live process. */
async function runningThreads(dir: string, now: number): Promise<PsThread[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const threads: PsThread[] = [];
  for (const s of unreported(parseNames(names, false))) {
    const m = await readJson<PsThread & { time: number }>(join(dir, s.name));
    if (typeof m?.pid !== 'number' || !alive(m.pid)) continue;
    const thread: PsThread = {
      pid: m.pid,
      threadId: typeof m.threadId === 'number' ? m.threadId : 0,
      argv: Array.isArray(m.argv) ? m.argv.map(String) : [],
      uptimeMs: Math.max(0, now - (typeof m.time === 'number' ? m.time : s.time)),
    };
    if (typeof m.ppid === 'number') thread.ppid = m.ppid;
    threads.push(thread);
  }
  return threads.sort((a, b) => a.pid - b.pid || a.threadId - b.threadId);
}
