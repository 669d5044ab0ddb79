// Ports of asyncio's "Task was destroyed but it is pending!" cases: the same leaks, written the Node way.
// An awaited timer or promise may be reported inside its task's chain or on its own, so those are
// searched with allTasks(); the task itself must be a top-level entry.
import { describe, test } from 'vitest';
import { allTasks, at, byType, errorTasks, runFixture, summarize, tasksAt } from '../helpers/run-preload.js';

const pendingTask = {
  kind: 'promise',
  type: 'AsyncFunction',
  state: 'pending',
  severity: 'error',
  refed: false,
} as const;
const activeTimer = { kind: 'handle', type: 'Timeout', state: 'pending', severity: 'error', refed: true } as const;

describe.concurrent('preload: asyncio ports', { timeout: 20_000 }, () => {
  test('Promise.race: the losing task and its timer are reported at process.exit()', async ({ expect }) => {
    const file = 'fixtures/asyncio/race.mjs';
    const { code, stdout, report } = await runFixture(file);
    expect(code).toBe(0);
    expect(stdout).toBe('winner: fast\n');
    expect(report?.processes[0]?.exit.reason).toBe('exit');

    const slow = allTasks(report).filter((task) => task.type === 'AsyncFunction' && /\bslow\b/.test(task.description));
    expect(slow, summarize(report)).toHaveLength(1);
    expect(slow[0]).toMatchObject({
      ...pendingTask,
      count: 1,
      location: at(file, 11, 'slow()'),
      suspendedAt: at(file, 8, 'await sleep(60_000)'),
    });
    expect(report?.tasks).toContain(slow[0]);
    // What slow() awaits is its chain: the timer sleep() made in its promise executor, not a promise
    // that nothing settles, and not a task of its own.
    expect(slow[0]?.chain.map((link) => [link.type, link.location?.line])).toEqual([['Timeout', 2]]);
    // fast() completed: it is not a task any more, and neither is its fired timer.
    expect(
      allTasks(report).filter((task) => /\bfast\b/.test(task.description)),
      summarize(report),
    ).toEqual([]);
    const timers = allTasks(report).filter((task) => task.type === 'Timeout');
    expect(timers, summarize(report)).toHaveLength(1);
    expect(timers[0]).toMatchObject({ ...activeTimer, location: at(file, 2, 'setTimeout(') });
  });

  test('a task started in an abort handler and never awaited', async ({ expect }) => {
    const file = 'fixtures/asyncio/abort-handler.mjs';
    const { code, stdout, report } = await runFixture(file);
    expect(code).toBe(0);
    expect(stdout).toBe('aborted\n');
    expect(report?.processes[0]?.exit.reason).toBe('exit');

    const tasks = byType(report, 'AsyncFunction');
    expect(tasks, summarize(report)).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      ...pendingTask,
      count: 1,
      location: at(file, 9, 'flushLogs()'),
      suspendedAt: at(file, 4, 'await sleep(60_000)'),
    });
    expect(tasks[0]?.description).toContain('flushLogs');
    const timers = allTasks(report).filter((task) => task.type === 'Timeout');
    expect(timers, summarize(report)).toHaveLength(1);
    expect(timers[0]).toMatchObject({ ...activeTimer, location: at(file, 2, 'setTimeout(') });
  });

  test('echo server with graceful shutdown: nothing is reported', async ({ expect }) => {
    const { code, stdout, report } = await runFixture('fixtures/asyncio/echo-graceful.mjs');
    expect(code).toBe(0);
    expect(stdout).toBe('echo: ping\n');
    expect(report?.processes[0]?.exit.reason).toBe('natural');
    expect(errorTasks(report), summarize(report)).toEqual([]);
    expect(report?.tasks, summarize(report)).toEqual([]);
  });

  test('echo server whose client connection is never closed', async ({ expect }) => {
    const file = 'fixtures/asyncio/echo-unclosed.mjs';
    const { code, stdout, report } = await runFixture(file);
    expect(code).toBe(0);
    expect(stdout).toBe('reply: ping\n');
    expect(report?.processes[0]?.exit.reason).toBe('exit');

    const client = tasksAt(report, file, at(file, 8, 'net.connect(').line);
    expect(client, summarize(report)).toHaveLength(1);
    expect(client[0]).toMatchObject({
      kind: 'handle',
      type: 'TCPWRAP',
      state: 'pending',
      severity: 'error',
      refed: true,
      count: 1,
    });
    const servers = byType(report, 'TCPSERVERWRAP');
    expect(servers, summarize(report)).toHaveLength(1);
    expect(servers[0]).toMatchObject({
      kind: 'handle',
      state: 'pending',
      severity: 'error',
      refed: true,
      location: at(file, 6, '.listen('),
    });
  });

  test('wait_for with the timeout timer cleared: nothing is reported', async ({ expect }) => {
    const { code, stdout, report } = await runFixture('fixtures/asyncio/wait-for-cleared.mjs');
    expect(code).toBe(0);
    expect(stdout).toBe('done\n');
    expect(report?.processes[0]?.exit.reason).toBe('natural');
    // The losing `timeout` promise stays pending forever, but only an already-settled race waits on it.
    expect(errorTasks(report), summarize(report)).toEqual([]);
    expect(report?.tasks, summarize(report)).toEqual([]);
  });

  test('wait_for with the timeout timer left running, then process.exit()', async ({ expect }) => {
    const file = 'fixtures/asyncio/wait-for-uncleared.mjs';
    const { code, stdout, report } = await runFixture(file);
    expect(code).toBe(0);
    expect(stdout).toBe('done\n');
    expect(report?.processes[0]?.exit.reason).toBe('exit');

    expect(errorTasks(report), summarize(report)).toHaveLength(1);
    const timers = allTasks(report).filter((task) => task.type === 'Timeout');
    // Only the timeout timer: the work timer (line 8) already fired.
    expect(timers, summarize(report)).toHaveLength(1);
    expect(timers[0]).toMatchObject({ ...activeTimer, count: 1, location: at(file, 4, 'setTimeout(') });
  });
});
