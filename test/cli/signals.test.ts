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
    // The wrapper survived the signal and printed its report, under a heading that says what it is.
    expect(result.stderrLines[0]).toBe(
      `lingering: the run was interrupted (${signal}); what each process still had in flight when it stopped:`,
    );
    // What it was waiting on leads; the full report follows.
    expect(result.stderrLines[1]).toBe('lingering: what each process was waiting on when it was stopped:');
    expect(result.stderrLines[2]).toMatch(/^ {2}pid \d+ \(node wait-forever\.js\):$/);
    expect(result.stderrLines[3]).toMatch(
      /^ {4}setInterval\(…, 1000\) created at wait-forever\.js:2 \(due in \d+ms\)$/,
    );
    expect(result.stderrLines).toContainEqual(expect.stringMatching(/^lingering: 1 task still pending in 1 process/));
    expect(result.stderr).toContain('created at wait-forever.js:');
    // And how to make a hanging run end by itself.
    expect(result.stderr).toContain(
      'lingering: a run that hangs can stop by itself and name what kept it running: lingering --timeout <seconds> -- …',
    );
    expect(result.stderr).not.toContain('cannot write');
  });
});
