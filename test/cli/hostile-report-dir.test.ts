// The wrapper's report directory under attack: removed while the command runs, or holding files
// that are not reports. Nothing may crash, the report must still come out, and the run must not
// pass just because the reports could not be read.
import { describe, expect, it } from 'vitest';
import { runBin } from './run-bin.js';

describe('hostile: the report directory', { timeout: 30_000 }, () => {
  it('removed while the command runs: the process prints its own report, the run fails', async () => {
    const result = await runBin(['node', 'remove-report-dir.js']);
    expect(result.stdout).toBe('report directory removed\n');
    expect(result.stderr).toMatch(/^lingering: cannot write the report to \S+ \(ENOENT/m);
    expect(result.stderr).toContain('created at remove-report-dir.js:4:1');
    expect(result.stderrLines.at(-1)).toMatch(
      /^lingering: the report directory \S+ was removed while the command ran, so the reports cannot be merged; each process printed its own report above instead$/,
    );
    expect(result.stderr).not.toContain('internal error');
    expect(result.code).toBe(1);
  });

  it('removed while the command runs, with --no-fail: reported, exit 0', async () => {
    const result = await runBin(['--no-fail', 'node', 'remove-report-dir.js']);
    expect(result.stderr).toContain('created at remove-report-dir.js:4:1');
    expect(result.code).toBe(0);
  });

  it('holding a corrupt report and a foreign file: both skipped and named under NODE_DEBUG', async () => {
    const result = await runBin(['node', 'foreign-report-files.js'], { env: { NODE_DEBUG: 'lingering' } });
    expect(result.stderr).toMatch(/^LINGERING \d+: skipping lingering-\d+-0-\d+\.json: .*JSON.*$/m);
    expect(result.stderr).toMatch(/^LINGERING \d+: ignoring notes\.txt: not a report file name$/m);
    // The real report of the same process is still used.
    expect(result.stderr).toContain('created at foreign-report-files.js:10:1');
    expect(result.stderr).toContain('lingering: 1 task still pending in 1 process (1 error)');
    expect(result.code).toBe(1);
  });

  it('holding a corrupt report and a foreign file: nothing said without NODE_DEBUG', async () => {
    const result = await runBin(['node', 'foreign-report-files.js']);
    expect(result.stderr).not.toMatch(/skipping|ignoring/);
    expect(result.stderr).toContain('created at foreign-report-files.js:10:1');
    expect(result.code).toBe(1);
  });
});
