// vitest under the wrapper, as a user runs it: what its workers leave behind is reported at the line
// the user wrote, for the files vitest transforms (JavaScript too: vi.mock is hoisted, imports are
// rewritten, and the positions only come back through the inline map of the evaluated code).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, runWithJson } from '../cli/run-bin.js';
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
