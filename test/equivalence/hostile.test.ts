// Hostile conditions: a report directory that cannot be written, a huge number of pending tasks,
// a very deep await chain, and programs that break what a tool would use at exit. In every case the
// program must behave as without lingering, and the report must still come out somewhere.
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_FILE_RE } from '../../src/report/protocol.js';
import type { Report } from '../../src/report/types.js';
import { assertEquivalent, hasReport, runPair, TEST_TIMEOUT } from './helpers.js';

const FIXTURE = 'hostile-report-dir.mjs';
// Performance is measured by the bench; this only catches a report that never finishes.
const HUGE_LIMIT_MS = 60_000;

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'lingering-hostile-'));
});
afterAll(async () => {
  await chmod(join(scratch, 'read-only'), 0o700).catch(() => {});
  await rm(scratch, { recursive: true, force: true });
});

function canWriteIn(dir: string): boolean {
  const probe = join(dir, `.lingering-probe-${process.pid}`);
  try {
    writeFileSync(probe, '');
    unlinkSync(probe);
    return true;
  } catch {
    return false;
  }
}

/** A directory this process cannot create files in. chmod is not enough for root (CI runs as root),
 * so fall back to directories of read-only kernel filesystems. */
async function unwritableDir(): Promise<string | undefined> {
  const dir = join(scratch, 'read-only');
  await mkdir(dir, { recursive: true });
  await chmod(dir, 0o500);
  return [dir, '/sys', '/proc/self'].find((candidate) => !canWriteIn(candidate));
}

/** Every report file the preload wrote into `dir`, parsed. */
async function reportsIn(dir: string): Promise<Report[]> {
  const names = (await readdir(dir)).filter((name) => REPORT_FILE_RE.test(name) && name.endsWith('.json'));
  return Promise.all(names.map(async (name) => JSON.parse(await readFile(join(dir, name), 'utf8')) as Report));
}

describe.concurrent('hostile: the report directory', () => {
  it(
    'is a regular file: the report falls back to stderr, the file is untouched',
    { timeout: TEST_TIMEOUT },
    async () => {
      const file = join(scratch, 'not-a-directory');
      await writeFile(file, 'keep me');
      const pair = await runPair(FIXTURE, { env: { LINGERING_REPORT_DIR: file } });
      assertEquivalent(pair, { report: 'report', exit: { code: 0 }, stdoutHas: ['working'] });
      expect(await readFile(file, 'utf8')).toBe('keep me');
    },
  );

  it('is below a regular file (ENOTDIR): the report falls back to stderr', { timeout: TEST_TIMEOUT }, async () => {
    const file = join(scratch, 'plain-file');
    await writeFile(file, '');
    const pair = await runPair(FIXTURE, { env: { LINGERING_REPORT_DIR: join(file, 'reports') } });
    assertEquivalent(pair, { report: 'report', exit: { code: 0 } });
  });

  it('cannot be written (read-only): the report falls back to stderr', { timeout: TEST_TIMEOUT }, async (ctx) => {
    const dir = await unwritableDir();
    if (!dir) return ctx.skip('no unwritable directory on this machine');
    const pair = await runPair(FIXTURE, { env: { LINGERING_REPORT_DIR: dir } });
    assertEquivalent(pair, { report: 'report', exit: { code: 0 } });
  });

  it(
    'is writable: the report goes there and stderr stays the program’s (baseline for the cases above)',
    { timeout: TEST_TIMEOUT },
    async () => {
      const dir = await mkdtemp(join(scratch, 'reports-'));
      const pair = await runPair(FIXTURE, { env: { LINGERING_REPORT_DIR: dir } });
      assertEquivalent(pair, { report: 'any', exit: { code: 0 } });
      expect(hasReport(pair.preloaded.stderr), pair.preloaded.stderr).toBe(false);
      const tasks = (await reportsIn(dir)).flatMap((report) => report.tasks);
      expect(tasks.map((task) => [task.type, task.location?.file, task.location?.line])).toContainEqual([
        'Timeout',
        'fixtures/equivalence/hostile-report-dir.mjs',
        2,
      ]);
    },
  );
});

describe.concurrent('hostile: size', () => {
  // Known failure (see the robustness issue's note): fixing it turns this red.
  it.fails(
    '100,000 pending async functions and 10,000 timers: a grouped report on stderr',
    { timeout: 2 * HUGE_LIMIT_MS },
    async () => {
      const pair = await runPair('hostile-many-tasks.mjs', { killAfterMs: HUGE_LIMIT_MS + 10_000 });
      assertEquivalent(pair, { report: 'report', exit: { code: 0 }, stdoutHas: ['created'] });
      expect(pair.preloaded.ms, 'time to exit, ms').toBeLessThan(HUGE_LIMIT_MS);
      // Grouped: one entry with a count, not 110,000 entries.
      expect(pair.preloaded.stderr.length, 'report size, characters').toBeLessThan(256 * 1024);
      expect(pair.preloaded.stderr).toMatch(/\b100[,. _\u202f]?000\b/);
      expect(pair.preloaded.stderr).toMatch(/\b10[,. _\u202f]?000\b/);
    },
  );

  // Known failure (see the robustness issue's note): fixing it turns this red.
  it.fails(
    '100,000 pending async functions and 10,000 timers: grouped in the JSON report',
    { timeout: 2 * HUGE_LIMIT_MS },
    async () => {
      const dir = await mkdtemp(join(scratch, 'huge-'));
      const pair = await runPair('hostile-many-tasks.mjs', {
        env: { LINGERING_REPORT_DIR: dir },
        killAfterMs: HUGE_LIMIT_MS + 10_000,
      });
      assertEquivalent(pair, { report: 'any', exit: { code: 0 } });
      const tasks = (await reportsIn(dir)).flatMap((report) => report.tasks);
      expect(tasks.length, 'report entries').toBeLessThan(100);
      const counts = tasks.map((task) => [task.kind, task.type, task.count]);
      expect(counts).toContainEqual(['handle', 'Timeout', 10_000]);
      expect(
        tasks.some((task) => task.kind === 'promise' && task.count === 100_000),
        JSON.stringify(counts),
      ).toBe(true);
    },
  );

  it('a chain of 2,000 awaiting async functions', { timeout: 2 * HUGE_LIMIT_MS }, async () => {
    const pair = await runPair('hostile-deep-chain.mjs', { killAfterMs: HUGE_LIMIT_MS + 10_000 });
    assertEquivalent(pair, { report: 'report', exit: { code: 0 }, stdoutHas: ['chained'] });
    expect(pair.preloaded.ms, 'time to exit, ms').toBeLessThan(HUGE_LIMIT_MS);
  });
});

describe.concurrent('hostile: the program breaks things a tool uses', () => {
  it('process.stderr.write throws: no crash, same exit', { timeout: TEST_TIMEOUT }, async () => {
    const pair = await runPair('hostile-stderr-write-throws.cjs');
    assertEquivalent(pair, { report: 'any', exit: { code: 0 }, stdoutHas: ['stderr disabled'] });
    expect(pair.preloaded.stderr).not.toContain('stderr is disabled by the program');
  });

  it(
    'JSON.stringify, Promise#then and Array#map broken: the report still comes out on stderr',
    { timeout: TEST_TIMEOUT },
    async () => {
      const pair = await runPair('hostile-patched-globals.cjs');
      assertEquivalent(pair, { report: 'report', exit: { code: 0 }, stdoutHas: ['globals patched'] });
      expect(pair.preloaded.stderr).not.toMatch(/is disabled/);
    },
  );

  it(
    'JSON.stringify, Promise#then and Array#map broken: the JSON report is still written',
    { timeout: TEST_TIMEOUT },
    async () => {
      const dir = await mkdtemp(join(scratch, 'patched-'));
      const pair = await runPair('hostile-patched-globals.cjs', { env: { LINGERING_REPORT_DIR: dir } });
      assertEquivalent(pair, { report: 'any', exit: { code: 0 } });
      const tasks = (await reportsIn(dir)).flatMap((report) => report.tasks);
      expect(tasks.map((task) => task.type)).toContain('Timeout');
    },
  );
});
