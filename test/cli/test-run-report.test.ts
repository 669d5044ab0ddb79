// The text report of test runs through the wrapper, as a user reads it: the order of a file's
// groups, the summary table, what --per-test found and how the headline and exit notes count it.
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../helpers/normalize.js';
import { runBin } from './run-bin.js';

const NODE_TEST = ['node', '--test-force-exit', '--test-reporter=dot'];

/** stderr as a golden holds it: pids, ages, table padding and Node's own frame counts replaced. */
function text(stderr: string): string {
  return normalizeText(stderr, { foldedFrames: true });
}

describe('a test run through the wrapper', { timeout: 60_000 }, () => {
  it("lists a suite's groups in the order they ran: beforeAll, the test with its each-hooks, afterAll", async () => {
    const result = await runBin([...NODE_TEST, 'test-runs/hooks.test.mjs']);
    expect(result.code).toBe(1);
    expect(result.stderrLines.filter((line) => /^ {2}\S/.test(line))).toEqual([
      '  db (beforeAll) (test-runs/hooks.test.mjs:6)',
      '  db > queries (beforeEach) (test-runs/hooks.test.mjs:9)',
      '  db > queries (test-runs/hooks.test.mjs:9)',
      '  db > queries (afterEach) (test-runs/hooks.test.mjs:9)',
      '  db (afterAll) (test-runs/hooks.test.mjs:6)',
    ]);
  });

  it("the table's test column names the file: two tests of the same name in two files", async () => {
    const result = await runBin([
      'node',
      '--test',
      ...NODE_TEST.slice(1),
      'same-name/a.test.mjs',
      'same-name/b.test.mjs',
    ]);
    expect(result.code).toBe(1);
    const table = text(result.stderr)
      .split('\n')
      .filter((line) => line.startsWith('│'));
    expect(table).toEqual([
      '│ severity │ description │ count │ test │ location │',
      '│ error │ setInterval(…, 1000) │ 1 │ same-name/a.test.mjs > saves │ same-name/a.test.mjs:5 │',
      '│ error │ setInterval(…, 1000) │ 1 │ same-name/b.test.mjs > saves │ same-name/b.test.mjs:5 │',
    ]);
  });
});
