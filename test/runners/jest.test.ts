// jest 30 under the wrapper: its workers' leaks at the lines the user wrote, through babel-jest (jest
// hoists jest.mock above the requires: lines shift in the code it runs) and ts-jest.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, runWithJson } from '../cli/run-bin.js';
import { at } from '../helpers/run-preload.js';

const JEST = join(ROOT, 'node_modules/jest/bin/jest.js');
const RUNNERS = join(FIXTURES, '../runners');
// A fresh cache: with cached timings of fast tests jest runs them in band instead of in workers.
const cache = mkdtempSync(join(tmpdir(), 'lingering-jest-cache-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));
const jest = (...args: string[]) => ['node', JEST, '--ci', '--forceExit', '--cacheDirectory', cache, ...args];

/** A fixture line, checked against the file, as the report names it (relative to the project). */
function line(file: string, n: number, code: string): number {
  return at(`fixtures/runners/${file}`, n, code).line;
}

describe('jest 30', { timeout: 90_000 }, () => {
  it('babel-jest, two files in two workers: each leak at its own line', async () => {
    const result = await runWithJson(jest('-w', '2'), join(RUNNERS, 'jest-babel'));
    expect(result.stderr).toContain('Tests:       2 passed, 2 total');
    expect(result.code).toBe(1);
    expect(result.report.tasks.map((task) => [task.type, task.location?.file, task.location?.line])).toEqual([
      ['Timeout', 'leak.test.js', line('jest-babel/leak.test.js', 11, 'setInterval(')],
      ['Timeout', 'other.test.js', line('jest-babel/other.test.js', 6, 'setTimeout(')],
    ]);
    // Each from a worker process of its own, not jest's main process.
    const pids = new Set(result.report.tasks.flatMap((task) => task.pids));
    expect(pids.size).toBe(2);
    const main = result.report.processes.find((p) => p.argv[1] === JEST);
    expect(pids.has(main!.pid)).toBe(false);
  });

  it('ts-jest, in band: the TypeScript line', async () => {
    const result = await runWithJson(jest('-i'), join(RUNNERS, 'jest-ts'));
    expect(result.code).toBe(1);
    expect(result.report.tasks.map((task) => [task.type, task.location])).toEqual([
      ['Timeout', { file: 'leak.test.ts', line: line('jest-ts/leak.test.ts', 6, 'setInterval('), column: 17 }],
    ]);
  });
});
