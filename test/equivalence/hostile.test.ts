// Hostile conditions: a report directory that cannot be written, and programs that break what a
// tool would use at exit (huge numbers of tasks are in test/slow/size.test.ts). In every case the
// program must behave as without lingering, and the report must still come out somewhere.
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportsIn } from '../helpers/reports.js';
import { assertEquivalent, hasReport, runPair, TEST_TIMEOUT } from './helpers.js';

const FIXTURE = 'hostile-report-dir.mjs';

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

  it('is removed while the program runs: the report falls back to stderr', { timeout: TEST_TIMEOUT }, async () => {
    const dir = await mkdtemp(join(scratch, 'removed-'));
    const pair = await runPair('hostile-report-dir-removed.mjs', { env: { LINGERING_REPORT_DIR: dir } });
    assertEquivalent(pair, { report: 'report', exit: { code: 0 }, stdoutHas: ['directory removed'] });
    expect(pair.preloaded.stderr).toMatch(/^lingering: cannot write the report to \S+ \(ENOENT/m);
    expect(pair.preloaded.stderr).toContain('created at fixtures/equivalence/hostile-report-dir-removed.mjs:5:1');
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

describe.concurrent('hostile: the program breaks things a tool uses', () => {
  it(
    'an internal error in the tracker: it disables itself, says so once, the program runs on',
    { timeout: TEST_TIMEOUT },
    async () => {
      const pair = await runPair('hostile-tracker-error.cjs', {
        env: { LINGERING_TEST_FAULT: '3' },
        via: 'test-build',
      });
      assertEquivalent(pair, { report: 'any', exit: { code: 0 }, stdoutHas: ['still running'] });
      const said = pair.preloaded.stderr.match(/^lingering: .*$/gm) ?? [];
      // Nothing else from lingering: no report built from half-filled tables.
      expect(said).toEqual(['lingering: internal error, tracking disabled: fault injected by LINGERING_TEST_FAULT']);
      expect(pair.preloaded.stderr.replace(said[0]!, '').trim()).toBe(pair.plain.stderr.trim());
    },
  );

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
