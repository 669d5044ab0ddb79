// The same leaks in CommonJS, loaded with `node --require lingering/register`.
import { describe, test } from 'vitest';
import { allTasks, at, errorTasks, runFixture, summarize } from '../helpers/run-preload.js';

describe.concurrent('preload: CommonJS with --require', { timeout: 20_000 }, () => {
  test('setInterval cut off by process.exit()', async ({ expect }) => {
    const file = 'fixtures/cjs/interval.cjs';
    const { code, stdout, report } = await runFixture(file, { mode: 'require' });
    expect(code).toBe(0);
    expect(stdout).toBe('started\n');
    expect(report?.processes[0]?.exit.reason).toBe('exit');
    expect(report?.tasks, summarize(report)).toHaveLength(1);
    expect(report?.tasks[0]).toMatchObject({
      kind: 'handle',
      type: 'Timeout',
      state: 'pending',
      severity: 'error',
      refed: true,
      count: 1,
      location: at(file, 3, 'setInterval('),
    });
    expect(report?.tasks[0]?.description).toContain('setInterval(');
    expect(report?.tasks[0]?.stack[0]).toMatchObject({ function: 'startHeartbeat', file, line: 3 });
  });

  test('an async function suspended forever at the natural exit', async ({ expect }) => {
    const file = 'fixtures/cjs/wait-for-ready.cjs';
    const { code, stdout, report } = await runFixture(file, { mode: 'require' });
    expect(code).toBe(0);
    expect(stdout).toBe('starting\n');
    expect(report?.processes[0]?.exit.reason).toBe('natural');
    const waitForReady = allTasks(report).filter((task) => task.description.includes('waitForReady'));
    expect(waitForReady, summarize(report)).toHaveLength(1);
    expect(waitForReady[0]).toMatchObject({
      kind: 'promise',
      type: 'AsyncFunction',
      state: 'pending',
      severity: 'error',
      location: at(file, 12, 'waitForReady()'),
      suspendedAt: at(file, 5, 'await ready'),
    });
    expect(errorTasks(report), summarize(report)).toHaveLength(1);
  });
});
