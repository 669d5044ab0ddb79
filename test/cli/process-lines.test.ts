// How the wrapper's report speaks of the processes and worker threads it observed, as a user reads it.
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../helpers/normalize.js';
import { runBin, runWithJson } from './run-bin.js';

describe('processes and threads in the report', { timeout: 60_000 }, () => {
  it('shortens a long command line in the middle, keeping the script name and its arguments', async () => {
    const result = await runBin(['node', 'labels/spawn-twice.js']);
    expect(result.code).toBe(1);
    const notes = normalizeText(result.stderr)
      .split('\n')
      .filter((line) => line.startsWith('pid'));
    expect(notes).toEqual([
      // Relative to where lingering ran.
      'pid <pid> (node labels/spawn-twice.js) called process.exit(0) with tasks pending',
      'pids <pid>, <pid> (node …/tests/fixtures/pm-listen.js list --port 0) called process.exit(0) with tasks pending',
    ]);
  });

  it('counts worker threads apart from processes, and names the thread that held the tasks', async () => {
    const result = await runBin(['node', 'threads/fail-after-worker.mjs']);
    // The program's own failure.
    expect(result.code).toBe(1);
    const lines = normalizeText(result.stderr).split('\n');
    expect(lines[0]).toBe(
      'lingering: 1 task still pending in 1 worker thread (1 error; 1 process, 1 worker thread checked)',
    );
    // Its exit code 1 is not lingering's business: the main thread held nothing.
    expect(lines.filter((line) => line.startsWith('pid'))).toEqual([
      'pid <pid> thread 1 (node threads/interval-thread.mjs) was stopped by worker.terminate() or the end of its parent',
    ]);

    const clean = await runBin(['node', 'threads/clean-workers.mjs']);
    expect(clean.code).toBe(0);
    expect(clean.stderrLines).toEqual(['lingering: no lingering tasks (1 process, 2 worker threads checked)']);
  });

  it('says in one line how many awaits had no stack, across processes', async () => {
    const result = await runWithJson(['node', 'unrecorded-awaits.js']);
    expect(result.stdout).toBe('3000 stuck\n3000 stuck\n');
    const counts = result.report.processes.map((p) => p.unrecordedAwaits ?? 0).filter((n) => n > 0);
    expect(counts).toHaveLength(2);
    const sum = counts.reduce((a, b) => a + b, 0);
    expect(result.stderrLines.filter((line) => line.includes('no stack'))).toEqual([
      `2 processes had ${sum} awaits still waiting that had no stack (past the capture budget); LINGERING_PROMISES=all records every one`,
    ]);
  });
});
