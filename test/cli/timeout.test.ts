// --timeout: the whole process group gets SIGTERM, then SIGKILL after the 2 s grace; the run fails.
import { describe, expect, it } from 'vitest';
import { runBin } from './run-bin.js';

const GRACE_MS = 2000;
/** Start-up of node twice over, on a busy machine. The point is that it ends, not how fast. */
const SLACK_MS = 4000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('--timeout', { timeout: 30_000 }, () => {
  it('stops a server that never ends and fails the run', async () => {
    const result = await runBin(['--timeout', '1', 'node', 'server.js']);
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(1000 + GRACE_MS + SLACK_MS);
    expect(result.ms).toBeGreaterThanOrEqual(1000);
    expect(result.stdout).toBe('listening\n');
    expect(result.stderrLines[0]).toBe(
      'lingering: command timed out after 1s; stopping it (SIGTERM, then SIGKILL after 2s)',
    );
  });

  it('kills a command that ignores SIGTERM after the grace period', async () => {
    const result = await runBin(['--timeout', '0.5', 'node', 'stubborn.js']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('ready\nignoring SIGTERM\n');
    expect(result.ms).toBeGreaterThanOrEqual(500 + GRACE_MS);
    expect(result.ms).toBeLessThan(500 + GRACE_MS + SLACK_MS);
  });

  it("stops the command's child processes too", async () => {
    const result = await runBin(['--timeout', '1', 'node', 'spawn-server.js']);
    expect(result.code).toBe(1);
    const pid = Number(/child pid (\d+)/.exec(result.stdout)?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(alive(pid)).toBe(false);
  });

  it('leaves a command that ends in time alone', async () => {
    const result = await runBin(['--timeout', '30', 'node', 'exit-7.js']);
    expect(result.code).toBe(7);
    expect(result.ms).toBeLessThan(SLACK_MS * 2);
    expect(result.stderr).not.toContain('timed out');
  });
});
