// The private directory the observed processes write their reports into, and reading it back.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { debuglog } from 'node:util';
import { REPORT_FILE_RE, WRAPPER_MARKER, type StartedMarker, type WrapperMarker } from '../report/protocol.js';
import { REPORT_VERSION, type Report } from '../report/types.js';

const debug = debuglog('lingering');

/** One observed thread's report as read from the directory. */
export interface CollectedReport {
  pid: number;
  threadId: number;
  /** Epoch ms from the file name: when the report (or, for a missing one, the marker) was written. */
  time: number;
  /** True when the thread left a start-up marker but no report (SIGKILL, a crash in native code). */
  missing: boolean;
  report: Report;
}

/** mkdtemp creates it with mode 0700: other users cannot plant or read reports. */
export function createReportDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'lingering-'));
}

/** For `lingering ps` (ps-list.ts): which wrapper this directory is, running what. */
export async function writeWrapperMarker(dir: string, command: string[], cwd: string): Promise<void> {
  const marker: WrapperMarker = { pid: process.pid, command, cwd, time: Date.now() };
  await writeFile(join(dir, WRAPPER_MARKER), JSON.stringify(marker), { mode: 0o600 });
}

export function removeReportDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** Null when the directory is gone (removed while the command ran). */
export async function readReports(dir: string): Promise<CollectedReport[] | null> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const files = parseNames(names);
  const collected: CollectedReport[] = [];
  const newest = new Map<string, CollectedReport>();
  // Newest first, so the first readable report of a thread wins.
  for (const file of files.filter((f) => f.ext === 'json').sort((a, b) => b.time - a.time)) {
    const key = `${file.pid}:${file.threadId}`;
    if (newest.has(key)) continue;
    const report = parseReport(await readText(join(dir, file.name)), file.name);
    if (!report) continue;
    const entry = { pid: file.pid, threadId: file.threadId, time: file.time, missing: false, report };
    newest.set(key, entry);
    collected.push(entry);
  }
  for (const file of files.filter((f) => f.ext === 'started')) {
    const reported = newest.get(`${file.pid}:${file.threadId}`);
    // A marker newer than the report belongs to a later process that reused the pid.
    if (reported && reported.time >= file.time) continue;
    const marker = parseMarker(await readText(join(dir, file.name)), file.name);
    collected.push({
      pid: file.pid,
      threadId: file.threadId,
      time: file.time,
      missing: true,
      report: missingReport(file.pid, file.threadId, marker),
    });
  }
  return collected.sort((a, b) => a.pid - b.pid || a.threadId - b.threadId || a.time - b.time);
}

/** True when every thread that left a start-up marker has also left a report. */
export async function reportsComplete(dir: string): Promise<boolean> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return true;
  }
  return unreported(parseNames(names, false)).length === 0;
}

/** The start-up markers of threads that wrote no report since (still running, or gone without
 * one); a report counts whether or not it can be read. */
export function unreported(files: ReportFileName[]): ReportFileName[] {
  const reported = new Map<string, number>();
  for (const file of files) {
    if (file.ext !== 'json') continue;
    const key = `${file.pid}:${file.threadId}`;
    reported.set(key, Math.max(reported.get(key) ?? 0, file.time));
  }
  return files.filter(
    (file) => file.ext === 'started' && (reported.get(`${file.pid}:${file.threadId}`) ?? -1) < file.time,
  );
}

export interface ReportFileName {
  name: string;
  pid: number;
  threadId: number;
  time: number;
  ext: 'json' | 'started';
}

export function parseNames(names: string[], log = true): ReportFileName[] {
  const files: ReportFileName[] = [];
  for (const name of names) {
    const match = REPORT_FILE_RE.exec(name);
    if (!match) {
      if (log && name !== WRAPPER_MARKER) debug('ignoring %s: not a report file name', name);
      continue;
    }
    const [, pid, threadId, time, ext] = match;
    files.push({
      name,
      pid: Number(pid),
      threadId: Number(threadId),
      time: Number(time),
      ext: ext as 'json' | 'started',
    });
  }
  return files;
}

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    debug('skipping %s: %s', file, (error as Error).message);
    return null;
  }
}

function parseReport(text: string | null, name: string): Report | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Partial<Report> | null;
    if (value?.version === REPORT_VERSION && Array.isArray(value.processes) && Array.isArray(value.tasks)) {
      return value as Report;
    }
    debug('skipping %s: not a version %d report', name, REPORT_VERSION);
  } catch (error) {
    debug('skipping %s: %s', name, (error as Error).message);
  }
  return null;
}

function parseMarker(text: string | null, name: string): Partial<StartedMarker> {
  if (text === null) return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null) return value as Partial<StartedMarker>;
  } catch (error) {
    debug('marker %s is unreadable: %s', name, (error as Error).message);
  }
  return {};
}

function missingReport(pid: number, threadId: number, marker: Partial<StartedMarker>): Report {
  return {
    version: REPORT_VERSION,
    processes: [
      {
        pid,
        ...(typeof marker.ppid === 'number' ? { ppid: marker.ppid } : {}),
        argv: Array.isArray(marker.argv) ? marker.argv.filter((arg) => typeof arg === 'string') : [],
        threadId,
        // Without a report nothing is known but that it did not exit through a path the preload sees.
        exit: { reason: 'missing', code: null, signal: null },
        missingReport: true,
      },
    ],
    tasks: [],
  };
}
