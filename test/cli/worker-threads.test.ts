// vitest's thread pools stop each worker with worker.terminate(): through the wrapper, the worker
// reports the interval its test left behind, at the test file's own line.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.js';
import { NODE } from '../helpers/env.js';
import { ROOT, runBin } from './run-bin.js';

const scratch = mkdtempSync(join(tmpdir(), 'lingering-e2e-workers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const PROJECT = join(ROOT, 'fixtures/runners/vitest-threads');
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs');

describe.concurrent('vitest worker threads, through the wrapper', { timeout: 60_000 }, () => {
  for (const pool of ['threads', 'vmThreads']) {
    it(`--pool=${pool}: the terminated worker reports the leaked interval`, async () => {
      const json = join(scratch, `${pool}.json`);
      const result = await runBin(['--json', json, NODE, VITEST, 'run', `--pool=${pool}`], { cwd: PROJECT });
      const report = JSON.parse(readFileSync(json, 'utf8')) as Report;
      expect(result.stdout).toContain('1 passed');
      expect(result.code).toBe(1);

      const worker = report.processes.find((p) => p.threadId !== 0);
      expect(worker?.argv.slice(1)).toEqual([join(ROOT, `node_modules/vitest/dist/workers/${pool}.js`)]);
      expect(worker).toMatchObject({
        threadId: 1,
        exit: { reason: 'terminated', code: null, signal: null },
        errors: 1,
      });
      expect(report.tasks).toHaveLength(1);
      expect(report.tasks[0]).toMatchObject({
        type: 'Timeout',
        severity: 'error',
        pids: [worker?.pid],
        location: { file: 'leak.check.ts', line: 4, column: 10 },
      });
      expect(result.stderr).toContain('created at leak.check.ts:4:10');
      expect(result.stderr).toMatch(
        /^pid \d+ thread 1 \(node .*\) still had them pending when vitest stopped its worker thread$/m,
      );
    });
  }
});
