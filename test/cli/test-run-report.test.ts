// The text report of test runs through the wrapper, as a user reads it: the order of a file's
// groups, the summary table, what --per-test found and how the headline and exit notes count it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../helpers/normalize.js';
import { FIXTURES, ROOT, runBin } from './run-bin.js';

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
      '  db (beforeAll) (test-runs/hooks.test.mjs:11)',
      '  db > queries (beforeEach) (test-runs/hooks.test.mjs:9)',
      '  db > queries (test-runs/hooks.test.mjs:9)',
      '  db > queries (afterEach) (test-runs/hooks.test.mjs:9)',
      '  db (afterAll) (test-runs/hooks.test.mjs:7)',
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

  it('--per-test: a task that outlived its test is not "still pending", and gets no exit note', async () => {
    // --test-force-exit ends it with process.exit(), when nothing is pending any more: no note.
    const result = await runBin(['--per-test', ...NODE_TEST, 'test-runs/outlived.test.mjs']);
    expect(result.code).toBe(1);
    expect(text(result.stderr)).toBe(
      [
        'lingering: 1 task outlived its test in 1 process (1 error)',
        '',
        'test-runs/outlived.test.mjs',
        '  A starts a timer (test-runs/outlived.test.mjs:5)',
        '    error: Timer was still pending when its test ended!',
        '      setTimeout(…, 60000)',
        "      ref'd: it keeps the process alive · alive <age>",
        '      created at test-runs/outlived.test.mjs:6:11',
        '        at test-runs/outlived.test.mjs:6:11',
        '        … N frames folded (node internals, node_modules)',
        '      hint: clearTimeout()/clearInterval() it, or .unref() it if it must not keep the process alive',
        '',
        '┌─┬─┬─┬─┬─┐',
        '│ severity │ description │ count │ test │ location │',
        '├─┼─┼─┼─┼─┤',
        '│ error │ setTimeout(…, │ 1 │ test-runs/outlived.test.mjs │ test-runs/outlived.test.mjs:6 │',
        '│ │ 60000) │ │ > A starts a timer │ │',
        '└─┴─┴─┴─┴─┘',
        'lingering: 1 lingering task fails the run; fix it, ignore it with --ignore <pattern>, or use --no-fail to only report',
        '',
      ].join('\n'),
    );
  });

  it('--per-test: the headline counts what outlived its test apart from what was pending at exit', async () => {
    const result = await runBin(['--per-test', ...NODE_TEST, 'test-runs/mixed.test.mjs']);
    expect(result.code).toBe(1);
    const lines = text(result.stderr).split('\n');
    expect(lines[0]).toBe('lingering: 1 task outlived its test, 1 still pending at exit, in 1 process (2 errors)');
    // The exit note is there for the interval pending at exit.
    expect(lines.filter((line) => line.startsWith('pid'))).toEqual([
      'pid <pid> (node test-runs/mixed.test.mjs) called process.exit(0) with tasks pending',
    ]);
    // node:test is a runner --per-test checks: no line saying it had no effect.
    expect(result.stderr).not.toContain('--per-test had no effect');
  });

  it('--per-test says it had no effect when no process ran tests under a runner it checks', async () => {
    const result = await runBin(['--per-test', 'node', 'interval-exit.js']);
    expect(result.code).toBe(1);
    expect(result.stderrLines.slice(-2)).toEqual([
      'lingering: --per-test had no effect: no process ran tests under a runner lingering knows (vitest 4-5, jest 29-30, node:test, mocha 10-12)',
      'lingering: 1 lingering task fails the run; fix it, ignore it with --ignore <pattern>, or use --no-fail to only report',
    ]);
    const plain = await runBin(['node', 'interval-exit.js']);
    expect(plain.stderr).not.toContain('--per-test');
    // node --test runs the file in a child: one process ran node:test, the other ran no tests.
    const some = await runBin(['--per-test', 'node', '--test', ...NODE_TEST.slice(1), 'same-name/a.test.mjs']);
    expect(some.stderr).toContain('lingering: 1 task outlived its test in 1 of 2 processes (1 error)');
    expect(some.stderr).not.toContain('--per-test');
  });

  it('--per-test says so under ava, whose tests it does not check one by one', async () => {
    const ava = join(ROOT, 'node_modules/ava/entrypoints/cli.mjs');
    const result = await runBin(['--per-test', 'node', ava], { cwd: join(FIXTURES, 'ava') });
    expect(result.stdout + result.stderr).toContain('1 test passed');
    expect(result.code).toBe(0);
    expect(result.stderrLines.at(-1)).toBe(
      "lingering: --per-test had no effect: lingering does not check ava's tests one by one (it does under vitest 4-5, jest 29-30, node:test, mocha 10-12)",
    );
  });
});
