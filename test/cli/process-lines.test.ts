// How the wrapper's report speaks of the processes and worker threads it observed, as a user reads it.
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../helpers/normalize.js';
import { runBin } from './run-bin.js';

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
});
