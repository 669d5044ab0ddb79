// jest 30: each leak names the test (or hook) that made it, in workers and in band, concurrent tests
// too; --per-test also finds what a later test cleaned up; a test after a 100k-await warm-up is found.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, runWithJson } from '../cli/run-bin.js';
import { findings, perTest } from './findings.js';

const JEST = join(ROOT, 'node_modules/jest/bin/jest.js');
const PROJECT = join(FIXTURES, '../runners/jest-tests');
const cache = mkdtempSync(join(tmpdir(), 'lingering-jest-cache-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));
const jest = (...args: string[]) => ['node', JEST, '--ci', '--forceExit', '--cacheDirectory', cache, ...args];

const AT_EXIT = [
  'AsyncFunction leaks.test.js:11 | leaks.test.js:8 poller > leaves a task suspended',
  'AsyncFunction warmup.test.js:9 | warmup.test.js:6 leaves a task suspended after the warm-up',
  'TCPSERVERWRAP leaks.test.js:17 | leaks.test.js:16 server kept open (beforeAll)',
  'Timeout src/poller.js:2 | concurrent.test.js:5 concurrent > A leaks late',
  'Timeout src/poller.js:2 | concurrent.test.js:9 concurrent > B leaks early',
  'Timeout src/poller.js:2 | leaks.test.js:5 poller > starts and forgets a poller',
];
const CLEANED_LATER = 'Timeout leaks.test.js:34 | leaks.test.js:33 cleaned by a later test > A starts a timer';

describe('jest 30: which test leaked it', { timeout: 120_000 }, () => {
  it('in band, at exit', async () => {
    const result = await runWithJson(jest('-i'), PROJECT);
    expect(result.stderr).toContain('Tests:       9 passed, 9 total');
    expect(result.code).toBe(1);
    expect(findings(result.report.tasks)).toEqual(AT_EXIT);
  });

  it('two workers, --per-test', async () => {
    const result = await runWithJson(['--per-test', ...jest('-w', '2')], PROJECT);
    expect(result.code).toBe(1);
    expect(findings(result.report.tasks)).toEqual(perTest([...AT_EXIT, CLEANED_LATER]));
    // Each JUnit testcase as jest-junit names it by default.
    const task = result.report.tasks.find((t) => t.test?.name === 'poller > starts and forgets a poller');
    expect(task?.test?.junit).toEqual({
      classname: 'poller starts and forgets a poller',
      name: 'poller starts and forgets a poller',
    });
  });
});
