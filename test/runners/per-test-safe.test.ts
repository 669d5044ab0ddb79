// --per-test must not change a run's outcome: the same results, in the same words, and the same exit
// code as without lingering, for clean tests that hold fake timers or mocks while they end (the check
// waits with the real setImmediate; node:test's end of a test is not held back) and for `node --test`
// over several files (the last one is not cancelled); what a runner's own code makes inside a test
// (jest's in-band reporter) is not the test's.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, runWithJson } from '../cli/run-bin.js';
import { NODE, testEnv } from '../helpers/env.js';
import { spawnProcess } from '../helpers/spawn.js';

const PROJECT = join(FIXTURES, '../runners/per-test-safe');
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs');
const JEST = join(ROOT, 'node_modules/jest/bin/jest.js');

async function plain(argv: string[]): Promise<{ code: number | null; stdout: string }> {
  const result = await spawnProcess(NODE, argv, { cwd: PROJECT, env: testEnv(), killAfterMs: 60_000 });
  return { code: result.code, stdout: result.stdout.toString('utf8') };
}

/** node:test's TAP result lines and totals, without durations. */
function results(tap: string): string[] {
  return tap.split('\n').filter((line) => /^\s*(not )?ok \d|^# (tests|pass|fail|cancelled) /.test(line));
}

describe('--per-test leaves outcomes alone', { timeout: 120_000 }, () => {
  it('vitest: fake timers on from beforeAll to afterAll', async () => {
    const before = await plain([VITEST, 'run']);
    expect(before.stdout).toMatch(/Tests {2}2 passed/);
    const result = await runWithJson(['--per-test', 'node', VITEST, 'run'], PROJECT);
    expect(result.stdout).toMatch(/Tests {2}2 passed/);
    expect([result.code, result.report.tasks]).toEqual([0, []]);
  });

  it("jest in band: a test that writes to stdout is not charged with the reporter's flush timer", async () => {
    const argv = [JEST, '--ci', '--no-cache', '--runInBand', '--config', 'jest/jest.config.js'];
    const result = await runWithJson(['--per-test', 'node', ...argv], PROJECT);
    expect(result.stderr).toContain('Tests:       3 passed, 3 total');
    expect([result.code, result.report.tasks]).toEqual([0, []]);
  });

  it('node --test over several files: every file finishes', async () => {
    // Files, not the directory: Node 22+ reads --test arguments as globs, Node 20 has no globs.
    const files = ['a', 'b', 'mock-stdout', 'mock-timers'].map((name) => `node-test/${name}.test.mjs`);
    const argv = ['--test', '--test-reporter=tap', ...files];
    const before = await plain(argv);
    expect(results(before.stdout)).toContain('# pass 7');
    const result = await runWithJson(['--per-test', 'node', ...argv], PROJECT);
    expect(results(result.stdout)).toEqual(results(before.stdout));
    expect([result.code, result.report.tasks]).toEqual([0, []]);
  });

  it.for(['mock-stdout', 'mock-timers', 'callback'])(
    'node:test, %s: the same results in the same order',
    async (name) => {
      const argv = ['--test-reporter=tap', `node-test/${name}.test.mjs`];
      const before = await plain(argv);
      expect(before.code).toBe(0);
      const result = await runWithJson(['--per-test', 'node', ...argv], PROJECT);
      expect(results(result.stdout)).toEqual(results(before.stdout));
      expect([result.code, result.report.tasks]).toEqual([0, []]);
    },
  );
});
