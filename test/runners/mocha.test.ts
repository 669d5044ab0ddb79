// mocha 12: each leak names the test (or hook) that made it, serially and in --parallel workers;
// --per-test also finds what a later test cleaned up; a test after a 100k-await warm-up is found.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, runWithJson } from '../cli/run-bin.js';
import { findings, perTest } from './findings.js';

const MOCHA = join(ROOT, 'node_modules/mocha/bin/mocha.js');
const PROJECT = join(FIXTURES, '../runners/mocha-tests');

const AT_EXIT = [
  'AsyncFunction leaks.test.js:11 | leaks.test.js:8 poller > leaves a task suspended',
  'AsyncFunction warmup.test.js:9 | warmup.test.js:6 leaves a task suspended after the warm-up',
  'TCPSERVERWRAP leaks.test.js:17 | leaks.test.js:16 server kept open (beforeAll)',
  'Timeout src/poller.js:2 | leaks.test.js:5 poller > starts and forgets a poller',
];
const CLEANED_LATER = 'Timeout leaks.test.js:34 | leaks.test.js:33 cleaned by a later test > A starts a timer';

describe('mocha 12: which test leaked it', { timeout: 120_000 }, () => {
  it('serial, --per-test', async () => {
    const result = await runWithJson(['--per-test', 'node', MOCHA, '--exit'], PROJECT);
    expect(result.stdout).toContain('7 passing');
    expect(result.code).toBe(1);
    expect(findings(result.report.tasks)).toEqual(perTest([...AT_EXIT, CLEANED_LATER]));
    // As mocha's xunit reporter names the testcase.
    const task = result.report.tasks.find((t) => t.test?.name === 'poller > starts and forgets a poller');
    expect(task?.test?.junit).toEqual({ classname: 'poller', name: 'starts and forgets a poller' });
  });

  it('--parallel workers, at exit', async () => {
    const result = await runWithJson(['node', MOCHA, '--parallel', '--jobs', '2', '--exit'], PROJECT);
    expect(result.stdout).toContain('7 passing');
    expect(findings(result.report.tasks)).toEqual(AT_EXIT);
  });
});
