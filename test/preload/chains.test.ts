// Chains: what a pending await or .then() waits on is linked by the async ids the tracker records
// (the promise it subscribed to, its own, the execution it ran in), not by comparing source lines.
// One cause is one task: its chain lists the calls it waits on, innermost last, down to the handle
// that would settle it; "a promise that nothing settles" only where no handle does.
import { describe, test } from 'vitest';
import type { Task } from '../../src/report/types.js';
import { at, errorTasks, runFixture, summarize } from '../helpers/run-preload.js';

/** The chain as [description, line] pairs, depth first (a tree read top to bottom). */
function chainOf(task: Task | undefined): [string, number | null][] {
  const flat = (chain: Task[]): Task[] => chain.flatMap((link) => [link, ...flat(link.chain)]);
  return flat(task?.chain ?? []).map((link) => [link.description, link.location?.line ?? null]);
}

describe.concurrent('preload: chains', { timeout: 20_000 }, () => {
  test('a .catch() on a later line than its call is one task with the call in its chain', async ({ expect }) => {
    const file = 'fixtures/chains/catch-later-line.mjs';
    const { code, report } = await runFixture(file);
    expect(code).toBe(0);
    expect(report?.processes[0]?.exit.reason).toBe('exit');

    const tasks = errorTasks(report);
    expect(tasks, summarize(report)).toHaveLength(1);
    // The .catch() continuation is folded into the task it waits on.
    expect(tasks[0]).toMatchObject({
      kind: 'promise',
      type: 'AsyncFunction',
      state: 'pending',
      count: 1,
      description: 'async job()',
      location: at(file, 10, 'job({'),
      suspendedAt: at(file, 8, 'await inner(opts)'),
      suspendedCode: 'await inner(opts);',
      continuations: [{ method: 'catch', location: at(file, 12, '}).catch(') }],
    });
    expect(chainOf(tasks[0])).toEqual([
      ['async inner()', at(file, 8, 'await inner(opts)').line],
      ['setTimeout(…, 60000)', at(file, 3, 'setTimeout(resolve, ms)').line],
    ]);
    // What it waits for is the timer: not a promise that is never settled.
    expect(tasks[0]?.hint).not.toMatch(/never settled/);
  });

  test('an await whose call starts on a later line, on a call resumed later, is linked', async ({ expect }) => {
    const file = 'fixtures/chains/await-spanning-lines.mjs';
    const { code, report } = await runFixture(file);
    expect(code).toBe(0);

    const tasks = errorTasks(report);
    // main() waits on request(); keepAlive(), which request() left running, is a task of its own.
    expect(tasks, summarize(report)).toHaveLength(2);
    const main = tasks.find((task) => task.description === 'async main()');
    expect(main).toMatchObject({ type: 'AsyncFunction', suspendedAt: at(file, 19, '.request({') });
    expect(chainOf(main)).toEqual([
      // V8 names main()'s await by the line of the `await` keyword.
      ['async request()', at(file, 18, 'await client').line],
      ['setTimeout(…, 60000)', at(file, 4, 'setTimeout(resolve, ms)').line],
    ]);
    const keepAlive = tasks.find((task) => task.description === 'async keepAlive()');
    expect(keepAlive).toMatchObject({ location: at(file, 11, 'keepAlive();') });
    expect(chainOf(keepAlive)).toEqual([['a promise that nothing settles', null]]);
  });

  test('a .catch() on a call that awaited before it suspended ends in its timer', async ({ expect }) => {
    const file = 'fixtures/chains/continuation-ends-in-timer.mjs';
    const { code, report } = await runFixture(file);
    expect(code).toBe(0);

    const tasks = errorTasks(report);
    expect(tasks, summarize(report)).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      type: 'AsyncFunction',
      description: 'async job()',
      location: at(file, 12, 'job().catch('),
      continuations: [{ method: 'catch', location: at(file, 12, 'job().catch(') }],
    });
    expect(chainOf(tasks[0])).toEqual([
      ['async inner()', at(file, 10, 'await inner()').line],
      ['setTimeout(…, 60000)', at(file, 3, 'setTimeout(resolve, ms)').line],
    ]);
    expect(chainOf(tasks[0]).map(([description]) => description)).not.toContain('a promise that nothing settles');
    expect(tasks[0]?.hint).not.toMatch(/never settled/);
  });

  test('a timer made in a promise executor and awaited on another line is what the await waits for', async ({
    expect,
  }) => {
    const file = 'fixtures/chains/executor-timer-awaited-later.mjs';
    const { code, report } = await runFixture(file);
    expect(code).toBe(0);

    const tasks = errorTasks(report);
    expect(tasks, summarize(report)).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      type: 'AsyncFunction',
      description: 'async run()',
      location: at(file, 10, 'run();'),
      suspendedAt: at(file, 7, 'await operation'),
    });
    expect(chainOf(tasks[0])).toEqual([['setTimeout(…, 60000)', at(file, 3, 'setTimeout(resolve, ms)').line]]);
  });

  test('a call made between a promise and its subscriber is not linked to it', async ({ expect }) => {
    const file = 'fixtures/chains/unrelated-not-linked.mjs';
    const { code, report } = await runFixture(file);
    expect(code).toBe(0);

    const tasks = errorTasks(report);
    const lines = tasks.map((task) => [task.description, task.location?.line, task.count]);
    expect(lines, summarize(report)).toEqual(
      expect.arrayContaining([
        ['async background()', at(file, 6, 'await sleep(60_000)').line, 2],
        ['promise.then() continuation in <anonymous>', at(file, 10, 'gate.then(').line, 1],
        ['async main()', at(file, 16, 'main();').line, 1],
      ]),
    );
    expect(tasks).toHaveLength(3);
    const background = tasks.find((task) => task.description === 'async background()');
    expect(chainOf(background)).toEqual([['setTimeout(…, 60000)', at(file, 3, 'setTimeout(resolve, ms)').line]]);
    for (const waiter of tasks.filter((task) => task.description !== 'async background()')) {
      expect(chainOf(waiter)).toEqual([['a promise that nothing settles', null]]);
    }
  });
});
