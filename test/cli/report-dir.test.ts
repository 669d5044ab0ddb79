// Reading the per-process report files back: only the protocol's names, newest report per
// thread, unreadable files skipped, start-up markers without a report become missing reports.
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createReportDir, readReports, removeReportDir, reportsComplete } from '../../src/cli/report-dir.js';
import { reportFileName } from '../../src/report/protocol.js';
import type { Report } from '../../src/report/types.js';

let dir: string;
afterEach(() => rm(dir, { recursive: true, force: true }));

function report(pid: number, argv: string[], code = 0): Report {
  return { version: 1, processes: [{ pid, argv, exit: { reason: 'natural', code, signal: null } }], tasks: [] };
}

async function put(name: string, content: unknown): Promise<void> {
  await writeFile(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
}

describe('report directory', () => {
  it('is created private under the temp directory and removed with its files', async () => {
    dir = await createReportDir();
    expect(dir.startsWith(join(tmpdir(), 'lingering-'))).toBe(true);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    await put(reportFileName(1, 0, 1, 'json'), report(1, ['node']));
    await removeReportDir(dir);
    await expect(stat(dir)).rejects.toThrow(/ENOENT/);
  });

  it('keeps the newest readable report of each thread and ignores other names', async () => {
    dir = await mkdtemp(join(tmpdir(), 'lingering-read-'));
    await put(reportFileName(10, 0, 1000, 'json'), report(10, ['old'], 1));
    await put(reportFileName(10, 0, 2000, 'json'), report(10, ['new'], 2));
    await put(reportFileName(10, 0, 3000, 'json'), '{ half a fi');
    await put(reportFileName(10, 1, 1500, 'json'), report(10, ['worker']));
    await put(reportFileName(11, 0, 1000, 'json'), { version: 2, processes: [], tasks: [] });
    await put('lingering-12-0-1000.json.tmp', report(12, ['in flight']));
    await put('notes.txt', 'not a report');

    const collected = (await readReports(dir))!;
    expect(collected.map(({ pid, threadId, time, missing }) => ({ pid, threadId, time, missing }))).toEqual([
      { pid: 10, threadId: 0, time: 2000, missing: false },
      { pid: 10, threadId: 1, time: 1500, missing: false },
    ]);
    expect(collected[0]?.report.processes[0]?.argv).toEqual(['new']);
    expect(await readdir(dir)).toHaveLength(7);
  });

  it('is null when the directory is gone (removed while the command ran)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'lingering-read-'));
    await rm(dir, { recursive: true });
    expect(await readReports(dir)).toBeNull();
  });

  it('turns a start-up marker without a report into a missing report', async () => {
    dir = await mkdtemp(join(tmpdir(), 'lingering-read-'));
    await put(reportFileName(20, 0, 1000, 'started'), {
      pid: 20,
      ppid: 19,
      threadId: 0,
      argv: ['node', 'a.js'],
      time: 1000,
    });
    await put(reportFileName(21, 0, 1000, 'started'), {
      pid: 21,
      ppid: 19,
      threadId: 0,
      argv: ['node', 'b.js'],
      time: 1000,
    });
    await put(reportFileName(21, 0, 1100, 'json'), report(21, ['node', 'b.js']));
    // pid 21 reused later by a process that left only its marker.
    await put(reportFileName(21, 0, 5000, 'started'), '');

    const collected = (await readReports(dir))!;
    expect(collected.map(({ pid, time, missing }) => ({ pid, time, missing }))).toEqual([
      { pid: 20, time: 1000, missing: true },
      { pid: 21, time: 1100, missing: false },
      { pid: 21, time: 5000, missing: true },
    ]);
    expect(collected[0]?.report).toEqual({
      version: 1,
      processes: [
        {
          pid: 20,
          ppid: 19,
          argv: ['node', 'a.js'],
          threadId: 0,
          exit: { reason: 'missing', code: null, signal: null },
          missingReport: true,
        },
      ],
      tasks: [],
    });
    expect(collected[2]?.report.processes[0]?.argv).toEqual([]);
  });

  it('knows when every started thread has reported', async () => {
    dir = await mkdtemp(join(tmpdir(), 'lingering-read-'));
    expect(await reportsComplete(dir)).toBe(true);
    await put(reportFileName(30, 0, 1000, 'started'), {});
    expect(await reportsComplete(dir)).toBe(false);
    await put(reportFileName(30, 0, 1200, 'json'), report(30, []));
    expect(await reportsComplete(dir)).toBe(true);
    await put(reportFileName(30, 2, 1300, 'started'), {});
    expect(await reportsComplete(dir)).toBe(false);
  });
});
