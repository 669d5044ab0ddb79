// The text report of test runs through the wrapper, as a user reads it: the order of a file's
// groups, the summary table, what --per-test found and how the headline and exit notes count it.
import { describe, expect, it } from 'vitest';
import { runBin } from './run-bin.js';

const NODE_TEST = ['node', '--test-force-exit', '--test-reporter=dot'];

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
});
