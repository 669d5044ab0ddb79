// Start-up is paid by every process a suite starts: the preload loads no Node module a process
// that never needs it would pay for (`node -e 0` here, which writes nothing and so never loads
// Node's streams itself). node:v8 loads Node's streams (~2 ms on Node 20, ~4 ms on Node 24): only
// the Node versions that ask V8's promise hooks through it load it (24.22+ and 26; on 20 and 22
// lingering sets them itself).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { NODE, ROOT, testEnv } from '../helpers/env.js';
import { spawnProcess } from '../helpers/spawn.js';

const PRINT =
  "require('node:fs').writeSync(1, JSON.stringify({ modules: process.moduleLoadList, version: process.versions.node }))";

async function modulesLoaded(preload: boolean): Promise<{ modules: string[]; version: string }> {
  const reportDir = mkdtempSync(join(tmpdir(), 'lingering-test-'));
  try {
    const argv = [...(preload ? ['--require', join(ROOT, 'dist/register.cjs')] : []), '-e', PRINT];
    const result = await spawnProcess(NODE, argv, {
      cwd: ROOT,
      env: testEnv({ LINGERING_REPORT_DIR: reportDir }),
      killAfterMs: 15_000,
    });
    if (result.code !== 0) throw new Error(`exit code ${result.code}\n${result.stderr}`);
    return JSON.parse(result.stdout.toString('utf8')) as { modules: string[]; version: string };
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

describe('preload: start-up', { timeout: 30_000 }, () => {
  test('loads no Node module a process that does not need it pays for', async ({ expect }) => {
    const plain = await modulesLoaded(false);
    const preloaded = await modulesLoaded(true);
    const before = new Set(plain.modules);
    const added = preloaded.modules.filter((name) => !before.has(name));
    // What it does use at start: vm (the code cache), os (signal numbers), signal listeners.
    expect(added).toContain('NativeModule vm');
    const major = Number(plain.version.split('.')[0]);
    expect(major).toBeGreaterThanOrEqual(20);
    const heavy = ['NativeModule worker_threads', 'NativeModule inspector', 'NativeModule crypto', 'NativeModule tty'];
    if (major < 24) heavy.push('NativeModule v8', 'NativeModule stream');
    expect(added.filter((name) => heavy.includes(name))).toEqual([]);
  });
});
