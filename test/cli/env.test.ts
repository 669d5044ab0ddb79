// What the command gets from the wrapper: NODE_OPTIONS kept and extended, a private report
// directory that is gone afterwards, and a preload path that survives spaces.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withRequire } from '../../src/cli/env.js';
import { FIXTURES, ROOT, runBin } from './run-bin.js';

interface SeenEnv {
  nodeOptions: string;
  title: string;
  userVar: string;
  reportDir: string;
  reportDirMode: number;
}

const scratch = mkdtempSync(join(tmpdir(), 'lingering env test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('withRequire', () => {
  it('quotes the path and escapes backslashes and double quotes in it', () => {
    expect(withRequire(undefined, '/opt/a b/register.cjs')).toBe('--require "/opt/a b/register.cjs"');
    expect(withRequire(' --inspect ', '/x\\"y"/r.cjs')).toBe('--inspect --require "/x\\\\\\"y\\"/r.cjs"');
    // A nested lingering does not add it twice.
    expect(withRequire('--require "/r.cjs"', '/r.cjs')).toBe('--require "/r.cjs"');
  });
});

describe('the environment of the command', { timeout: 30_000 }, () => {
  it("keeps the user's NODE_OPTIONS and variables and adds the preload", async () => {
    const result = await runBin(['node', 'print-env.js'], {
      env: { NODE_OPTIONS: '--title=user-title', LINGERING_TEST_USER_VAR: 'kept' },
    });
    expect(result.code).toBe(0);
    const seen = JSON.parse(result.stdout) as SeenEnv;
    expect(seen.nodeOptions).toBe(`--title=user-title --require "${join(ROOT, 'dist/register.cjs')}"`);
    // The user's flag is in effect, not just present.
    expect(seen.title).toBe('user-title');
    expect(seen.userVar).toBe('kept');
  });

  it('gives the reports a private directory (0700) and removes it afterwards', async () => {
    const result = await runBin(['node', 'print-env.js']);
    expect(result.code).toBe(0);
    const seen = JSON.parse(result.stdout) as SeenEnv;
    expect(dirname(seen.reportDir)).toBe(tmpdir());
    expect(seen.reportDirMode).toBe(0o700);
    expect(existsSync(seen.reportDir)).toBe(false);
  });

  it('loads the preload from an install path with spaces and quotes', async () => {
    // A copy of the package under such a directory, with a preload that only says it ran. (A
    // backslash is escaped the same way, but Node cannot load the bin's ESM from such a path.)
    const install = join(scratch, 'my "tools" here', 'lingering');
    mkdirSync(install, { recursive: true });
    for (const entry of ['bin', 'dist', 'package.json'])
      cpSync(join(ROOT, entry), join(install, entry), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(install, 'node_modules'));
    writeFileSync(join(install, 'dist/register.cjs'), "process.stdout.write('preload ran\\n');\n");

    const result = await runBin(['node', '-e', 'console.log(process.env.NODE_OPTIONS)'], {
      bin: join(install, 'bin/lingering.js'),
      cwd: FIXTURES,
    });
    expect(result.stderr).not.toContain('Cannot find module');
    expect(result.code).toBe(0);
    const escaped = join(install, 'dist/register.cjs').replace(/[\\"]/g, '\\$&');
    expect(result.stdout).toBe(`preload ran\n--require "${escaped}"\n`);
  });
});
