// vitest under the wrapper, as a user runs it: what its workers leave behind is reported at the line
// the user wrote, for the files vitest transforms (JavaScript too: vi.mock is hoisted, imports are
// rewritten, and the positions only come back through the inline map of the evaluated code).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, runWithJson } from '../cli/run-bin.js';
import { findings, perTest } from './findings.js';
import { at } from '../helpers/run-preload.js';

const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs');
const PROJECT = join(FIXTURES, '../runners/vitest-js');

/** A fixture line, checked against the file. */
function line(file: string, n: number, code: string): number {
  return at(`fixtures/runners/vitest-js/${file}`, n, code).line;
}

describe('vitest 4', { timeout: 90_000 }, () => {
  it('plain JavaScript test files (ESM and CommonJS), pool forks: the lines the user wrote', async () => {
    const result = await runWithJson(['node', VITEST, 'run', '--pool=forks'], PROJECT);
    expect(result.stdout).toContain('2 passed');
    expect(result.code).toBe(1);
    const timers = result.report.tasks.filter((task) => task.type === 'Timeout');
    expect(timers.map((task) => [task.description, task.location])).toEqual([
      ['setTimeout(…, 60000)', { file: 'leak.test.cjs', line: line('leak.test.cjs', 8, 'setTimeout('), column: 3 }],
      ['setInterval(…, 1000)', { file: 'leak.test.js', line: line('leak.test.js', 10, 'setInterval('), column: 3 }],
    ]);
  });
});

const TESTS = join(FIXTURES, '../runners/vitest-tests');

describe('vitest 4: which test leaked it', { timeout: 120_000 }, () => {
  const atExit = [
    'AsyncFunction leaks.test.js:12 | leaks.test.js:9 poller > leaves a task suspended',
    'AsyncFunction warmup.test.js:9 | warmup.test.js:6 leaves a task suspended after the warm-up',
    'TCPSERVERWRAP leaks.test.js:18 | leaks.test.js:17 server kept open (beforeAll)',
    'Timeout src/poller.js:2 | concurrent.test.js:10 concurrent > B leaks early',
    'Timeout src/poller.js:2 | concurrent.test.js:6 concurrent > A leaks late',
    'Timeout src/poller.js:2 | leaks.test.js:6 poller > starts and forgets a poller',
  ];

  it.for(['forks', 'threads', 'vmThreads', 'vmForks'])(
    'pool %s, at exit: each leak names its test, concurrent ones too',
    async (pool, { expect }) => {
      const result = await runWithJson(['node', VITEST, 'run', `--pool=${pool}`], TESTS);
      expect(result.stdout).toMatch(/Tests  9 passed/);
      expect(result.code).toBe(1);
      expect(findings(result.report.tasks)).toEqual(atExit);
      // Words that are true: vitest stopped its workers; the leaks outlived the tests.
      if (pool === 'forks') {
        expect(result.stderr).toMatch(
          /^pids? [\d, ]+ \(node .*forks\.js\) still had them pending when vitest stopped its worker \(SIGTERM\)$/m,
        );
        expect(result.stderr).toContain("ref'd: it would have kept the process alive, had it not been stopped");
        expect(result.stderr).not.toContain("ref'd: it keeps the process alive");
      }
      // The text report groups them by file, then by test.
      expect(result.stderr).toMatch(
        /^leaks\.test\.js\n {2}poller > starts and forgets a poller \(leaks\.test\.js:6\)\n {4}error: Timer was still pending/m,
      );
    },
  );

  it('--per-test: also what a test left that a later test cleaned up', async ({ expect }) => {
    const result = await runWithJson(['--per-test', 'node', VITEST, 'run', '--pool=forks'], TESTS);
    expect(result.code).toBe(1);
    expect(findings(result.report.tasks)).toEqual(
      perTest([...atExit, 'Timeout leaks.test.js:35 | leaks.test.js:34 cleaned by a later test > A starts a timer']),
    );
    expect(result.stderr).toContain('Timer was still pending when its test ended!');
    // A function its test left suspended may still resume: the hint does not say it never will.
    expect(result.stderr).toContain('Task was still pending when its test ended!');
    expect(result.stderr).toContain('hint: it was still running when its test ended: await it in the test');
    expect(result.stderr).not.toContain('never resumed');
  });
});
