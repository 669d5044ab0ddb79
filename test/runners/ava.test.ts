// ava: a test that leaves a task suspended after a warm-up of 100,000 awaits is found, in worker
// threads and in child processes. Where Node has module.registerHooks (22.15+) it also names the test.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, runWithJson } from '../cli/run-bin.js';
import { NODE } from '../helpers/env.js';
import { execFileSync } from 'node:child_process';

const AVA = join(ROOT, 'node_modules/ava/entrypoints/cli.mjs');
const PROJECT = join(FIXTURES, '../runners/ava-tests');
const registerHooks =
  execFileSync(NODE, ['-p', "typeof require('node:module').registerHooks"], { encoding: 'utf8' }).trim() === 'function';

describe('ava', { timeout: 120_000 }, () => {
  it.for([[], ['--no-worker-threads']])('a task suspended after a warm-up of awaits (%s)', async (flags) => {
    const result = await runWithJson(['node', AVA, ...flags], PROJECT);
    expect(result.stdout + result.stderr).toContain('1 test passed');
    expect(result.code).toBe(1);
    expect(result.report.tasks.map((task) => [task.description, task.location?.file, task.location?.line])).toEqual([
      ['async stuckAfterWarmUp()', 'warmup.test.js', 9],
    ]);
    const name = result.report.tasks[0]?.test?.name;
    expect(name).toBe(registerHooks ? 'leaves a task suspended after the warm-up' : undefined);
  });
});
