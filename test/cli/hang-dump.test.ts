// A hung test suite: under --timeout, and on Ctrl-C to the wrapper, the report leads with what each
// stopped process was waiting on, down its await tree, in the test that was running.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE } from '../helpers/env.js';
import { ROOT, runBin, waitForText } from './run-bin.js';

const PROJECT = join(ROOT, 'fixtures/runners/vitest-hang');
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs');
const WAITING =
  '    in hang.check.mjs > connects to the server: async <anonymous>() suspended at hang.check.mjs:9 ' +
  '`await waitForServer();` › async waitForServer() suspended at hang.check.mjs:5 (called from line 9) ' +
  '`await connected;` › a promise that nothing settles';

describe.concurrent('hang dumps', { timeout: 60_000 }, () => {
  for (const pool of ['forks', 'threads']) {
    it(`--timeout on a vitest suite (${pool}) where one test hangs`, async () => {
      const result = await runBin(['--timeout', '4', NODE, VITEST, 'run', `--pool=${pool}`], { cwd: PROJECT });
      expect(result.code).toBe(1);
      const lines = result.stderrLines;
      expect(lines[0]).toBe('lingering: command timed out after 4s; stopping it (SIGTERM, then SIGKILL after 2s)');
      expect(lines[1]).toBe('lingering: what each process was waiting on when it was stopped:');
      // The process (or the worker thread's process) that hangs comes first, with the test.
      expect(lines[2]).toMatch(
        pool === 'forks'
          ? /^ {2}pid \d+ \(node .*vitest\/dist\/workers\/forks\.js\):$/
          : /^ {2}pid \d+ \(node .*vitest\.mjs run --pool=threads\) with 1 worker thread:$/,
      );
      expect(lines[3]).toBe(WAITING);
      // Then the full report.
      expect(lines).toContain('hang.check.mjs');
    });
  }

  it('on Ctrl-C to the wrapper', async () => {
    let interrupted = false;
    const result = await runBin([NODE, VITEST, 'run', '--pool=forks'], {
      cwd: PROJECT,
      onSpawn: (pid, stdout) => {
        void (async () => {
          await waitForText(stdout, 'RUN');
          // The hanging test is under way once the quick file has passed.
          await new Promise((resolve) => setTimeout(resolve, 2500));
          interrupted = true;
          process.kill(pid, 'SIGINT');
        })();
      },
    });
    expect(interrupted).toBe(true);
    const lines = result.stderrLines;
    expect(lines[0]).toBe(
      'lingering: the run was interrupted (SIGINT); what each process still had in flight when it stopped:',
    );
    expect(lines[1]).toBe('lingering: what each process was waiting on when it was stopped:');
    expect(lines).toContain(WAITING);
  });
});
