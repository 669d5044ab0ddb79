// The wrapper's exit code: the command's own failure, signal deaths as 128+n, 127/126 like a shell.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBin } from './run-bin.js';

const scratch = mkdtempSync(join(tmpdir(), 'lingering-cli-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('exit codes', { timeout: 30_000 }, () => {
  it("passes the command's exit code and stdout through", async () => {
    const result = await runBin(['node', 'exit-7.js']);
    expect(result.code).toBe(7);
    expect(result.stdout).toBe('output of the command\n');
  });

  it('turns a death by SIGTERM into 143', async () => {
    const result = await runBin(['--', 'node', 'self-sigterm.js']);
    expect(result.signal).toBeNull();
    expect(result.code).toBe(143);
  });

  it('runs a non-node command found on PATH', async () => {
    const result = await runBin(['sh', '-c', 'echo from sh; exit 3']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('from sh\n');
  });

  it('exits 127 with one line when the command does not exist', async () => {
    const result = await runBin(['--', 'no-such-command-lingering', '--flag']);
    expect(result.code).toBe(127);
    expect(result.stderrLines).toEqual(['lingering: command not found: no-such-command-lingering']);
    expect(result.stdout).toBe('');
  });

  it('exits 127 for a missing relative path too', async () => {
    const result = await runBin(['./missing-script.sh']);
    expect(result.code).toBe(127);
    expect(result.stderrLines).toEqual(['lingering: command not found: ./missing-script.sh']);
  });

  it('exits 126 when the file is not executable', async () => {
    const script = join(scratch, 'not-executable.sh');
    writeFileSync(script, 'echo hi\n');
    chmodSync(script, 0o644);
    const result = await runBin([script]);
    expect(result.code).toBe(126);
    expect(result.stderrLines).toEqual([
      `lingering: cannot execute ${script} (EACCES); check that it is a program and has the executable bit (chmod +x)`,
    ]);
  });
});
