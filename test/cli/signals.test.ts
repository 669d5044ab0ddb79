// Signals the wrapper receives go to the command's process group; the report is still printed.
import { describe, expect, it } from 'vitest';
import { runBin, waitForText } from './run-bin.js';

describe('signals sent to the wrapper', { timeout: 30_000 }, () => {
  it('forwards SIGINT to the command and exits with its code', async () => {
    const result = await runBin(['node', 'wait-for-sigint.js'], {
      onSpawn: (pid, stdout) => {
        void waitForText(stdout, 'ready\n').then(() => process.kill(pid, 'SIGINT'));
      },
    });
    expect(result.signal).toBeNull();
    expect(result.code).toBe(5);
    expect(result.stdout).toBe('ready\ncommand got SIGINT\n');
    expect(result.stderr).toMatch(/^lingering: /);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
    ['SIGINT', 130],
  ] as const)('forwards %s and exits 128+n when the command dies by it', async (signal, code) => {
    const result = await runBin(['node', 'wait-forever.js'], {
      onSpawn: (pid, stdout) => {
        void waitForText(stdout, 'ready\n').then(() => process.kill(pid, signal));
      },
    });
    expect(result.signal).toBeNull();
    expect(result.code).toBe(code);
    // The wrapper survived the signal and printed its report.
    expect(result.stderr).toMatch(/^lingering: /m);
  });
});
