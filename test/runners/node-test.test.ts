// node:test: each leak names the test, subtest or hook that made it, concurrent tests too; --per-test
// also finds what a later test cleaned up; a test after a 100k-await warm-up (or 2000 fs calls) is
// found.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, runWithJson } from '../cli/run-bin.js';
import { findings, perTest } from './findings.js';
import { at } from '../helpers/run-preload.js';

const PROJECT = join(FIXTURES, '../runners/node-test');
const TS = 'fixtures/runners/node-test-ts/leak.test.ts';

const AT_EXIT = [
  'AsyncFunction leaks.test.mjs:12 | leaks.test.mjs:9 poller > leaves a task suspended',
  'AsyncFunction warmup.test.mjs:9 | warmup.test.mjs:6 leaves a task suspended after the warm-up',
  // Opened after a warm-up past the fs requests' stacks: the test's start gives them back, and the
  // FileHandle (made by native code, in no test) takes its open() request's test.
  'FILEHANDLE file-handle.test.mjs:10 | file-handle.test.mjs:9 opens a file and never closes it',
  'TCPSERVERWRAP leaks.test.mjs:18 | leaks.test.mjs:17 server kept open (beforeAll)',
  'Timeout leaks.test.mjs:44 | leaks.test.mjs:43 a parent test > a subtest leaks',
  'Timeout src/poller.mjs:2 | concurrent.test.mjs:10 concurrent > B leaks early',
  'Timeout src/poller.mjs:2 | concurrent.test.mjs:6 concurrent > A leaks late',
  'Timeout src/poller.mjs:2 | leaks.test.mjs:6 poller > starts and forgets a poller',
];
const CLEANED_LATER = 'Timeout leaks.test.mjs:35 | leaks.test.mjs:34 cleaned by a later test > A starts a timer';

describe('node:test: which test leaked it', { timeout: 120_000 }, () => {
  it('node --test, at exit', async () => {
    const result = await runWithJson(['node', '--test', '--test-force-exit'], PROJECT);
    expect(result.code).toBe(1);
    expect(findings(result.report.tasks)).toEqual(AT_EXIT);
  });

  it('node --test, --per-test', async () => {
    const result = await runWithJson(['--per-test', 'node', '--test', '--test-force-exit'], PROJECT);
    expect(result.code).toBe(1);
    expect(findings(result.report.tasks)).toEqual(perTest([...AT_EXIT, CLEANED_LATER]));
  });

  it('a TypeScript test under tsx: the line the user wrote', async () => {
    const project = join(FIXTURES, '../runners/node-test-ts');
    const result = await runWithJson(['node', '--import', 'tsx', '--test-force-exit', 'leak.test.ts'], project);
    expect(findings(result.report.tasks)).toEqual([
      `Timeout leak.test.ts:${at(TS, 11, 'setInterval(').line} | leak.test.ts:${at(TS, 10, 'test(').line} leaks an interval`,
    ]);
  });
});
