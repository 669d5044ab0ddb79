// dist/register.cjs compiles the preload from a V8 code cache kept next to it (dist/.cache/): the
// first process writes it after its report, the next ones load from it, and a cache V8 refuses (a
// damaged file) is replaced. The reports are the same whichever way the preload was compiled.
// Runs on a copy of dist/ (inside the repository, so the lazy requires still find node_modules).
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { NODE, ROOT, testEnv } from '../helpers/env.js';
import { at } from '../helpers/run-preload.js';
import { spawnProcess } from '../helpers/spawn.js';
import type { Report } from '../../src/report/types.js';

const copy = join(ROOT, `.tmp/code-cache-${process.pid}`);
const cacheDir = join(copy, '.cache');
const fixture = 'fixtures/trees/nested.mjs';

beforeAll(() => {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  cpSync(join(ROOT, 'dist'), copy, { recursive: true, filter: (source) => !source.endsWith('.cache') });
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

async function run(): Promise<{ stderr: string; report: Report }> {
  const reportDir = mkdtempSync(join(tmpdir(), 'lingering-test-'));
  try {
    const result = await spawnProcess(NODE, ['--require', join(copy, 'register.cjs'), fixture], {
      cwd: ROOT,
      env: testEnv({ LINGERING_REPORT_DIR: reportDir, NODE_DEBUG: 'lingering' }),
      killAfterMs: 15_000,
    });
    const names = readdirSync(reportDir).filter((file) => file.endsWith('.json'));
    if (result.code !== 0 || names.length !== 1) {
      throw new Error(`exit code ${result.code}, reports ${names.join(', ')}\n${result.stderr}`);
    }
    const name = names[0];
    return { stderr: result.stderr, report: JSON.parse(readFileSync(join(reportDir, name!), 'utf8')) as Report };
  } finally {
    rmSync(reportDir, { recursive: true, force: true });
  }
}

function cacheFiles(): string[] {
  try {
    return readdirSync(cacheDir);
  } catch {
    return [];
  }
}

/** What must not depend on how the preload was compiled. */
function tasksOf(report: Report): unknown[] {
  return report.tasks.map((task) => [task.kind, task.type, task.count, task.location, task.chain?.length]);
}

describe('preload: the code cache', { timeout: 60_000 }, () => {
  test('written by the first process, used by the next, replaced when V8 refuses it', async ({ expect }) => {
    const first = await run();
    expect(first.stderr).toContain('preload compiled from source (code cache absent)');
    expect(first.stderr).toContain('code cache written');
    const files = cacheFiles();
    expect(files).toHaveLength(1);
    // main() suspended forever, at its call, its chain down to the timer.
    expect(first.report.tasks).toHaveLength(1);
    expect(first.report.tasks[0]).toMatchObject({ type: 'AsyncFunction', location: at(fixture, 11, 'main()') });

    const second = await run();
    expect(second.stderr).toContain(`preload compiled from the code cache ${join(cacheDir, files[0]!)}`);
    expect(second.stderr).not.toContain('code cache written');
    expect(tasksOf(second.report)).toEqual(tasksOf(first.report));

    const file = join(cacheDir, files[0]!);
    writeFileSync(file, Buffer.alloc(4096, 7));
    const third = await run();
    expect(third.stderr).toContain('preload compiled from source (code cache rejected)');
    expect(tasksOf(third.report)).toEqual(tasksOf(first.report));
    expect(readFileSync(file).equals(Buffer.alloc(4096, 7))).toBe(false);
    expect(cacheFiles()).toEqual(files);

    const fourth = await run();
    expect(fourth.stderr).toContain('preload compiled from the code cache');
  });

  test('at most 8 cache files are kept: the least recently written go', async ({ expect }) => {
    mkdirSync(cacheDir, { recursive: true });
    for (const name of cacheFiles()) rmSync(join(cacheDir, name));
    const old = Array.from({ length: 9 }, (_, i) => `preload-v0.0.${i}-x64-flags-1-1.bin`);
    old.forEach((name, i) => {
      writeFileSync(join(cacheDir, name), 'old');
      // The first one written longest ago.
      const at = new Date(Date.UTC(2020, 0, 1 + i));
      utimesSync(join(cacheDir, name), at, at);
    });
    const result = await run();
    expect(result.stderr).toContain('code cache written');
    const left = cacheFiles();
    expect(left).toHaveLength(8);
    expect(left.filter((name) => !old.includes(name))).toHaveLength(1);
    expect(left.filter((name) => old.includes(name)).sort()).toEqual(old.slice(2).sort());
  });
});
