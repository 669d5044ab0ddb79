// Await trees: each level of a task's chain is what the level above awaits, with the line where it
// is suspended (and its source text) and the line it was called from; the leaf is the thing itself.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { ROOT } from '../helpers/env.js';
import type { Task } from '../../src/report/types.js';
import { at, errorTasks, runFixture, summarize } from '../helpers/run-preload.js';

/** [description, called from, suspended at, code] of each level, and its children nested. */
type Level = [string, number | null, number | null, string | null, Level[]];
function tree(task: Task): Level {
  return [
    task.description,
    task.location?.line ?? null,
    task.suspendedAt?.line ?? null,
    task.suspendedCode ?? null,
    task.chain.map(tree),
  ];
}
const NOTHING: Level = ['a promise that nothing settles', null, null, null, []];

describe.concurrent('preload: await trees', { timeout: 20_000 }, () => {
  test('nested async functions down to the timer the innermost awaits', async ({ expect }) => {
    const file = 'fixtures/trees/nested.mjs';
    const { report } = await runFixture(file);
    const tasks = errorTasks(report);
    expect(tasks, summarize(report)).toHaveLength(1);
    const source = readFileSync(join(ROOT, file), 'utf8').split('\n');
    const line = (text: string): number => source.findIndex((l) => l.includes(text)) + 1;
    expect(tree(tasks[0]!)).toEqual([
      'async main()',
      line('main();'),
      line('await connect()'),
      'await connect();',
      [
        [
          'async connect()',
          line('await connect()'),
          line('await sleep(60_000)'),
          'await sleep(60_000);',
          [
            [
              'async sleep()',
              line('await sleep(60_000)'),
              line('setTimeout(resolve, ms)'),
              'await new Promise((resolve) => setTimeout(resolve, ms).unref());',
              [['setTimeout(…, 60000)', line('setTimeout(resolve, ms)'), null, null, []]],
            ],
          ],
        ],
      ],
    ]);
  });

  test("node:timers/promises: the timer Node makes inside its promise is the innermost function's leaf", async ({
    expect,
  }) => {
    const file = 'fixtures/trees/timers-promises.mjs';
    const { report } = await runFixture(file);
    const tasks = errorTasks(report);
    expect(tasks, summarize(report)).toHaveLength(1);
    const delay = at(file, 5, 'await delay(').line;
    expect(tree(tasks[0]!)[4]).toEqual([
      [
        'async poll()',
        at(file, 8, 'await poll()').line,
        delay,
        'await delay(60_000, undefined, { ref: false });',
        [['setTimeout(…, 60000)', delay, null, null, []]],
      ],
    ]);
  });

  test('a timer made on the line of an await that waits for another promise is not its leaf', async ({ expect }) => {
    const file = 'fixtures/trees/timer-beside-await.mjs';
    const { report } = await runFixture(file);
    const tasks = errorTasks(report);
    expect(tasks, summarize(report)).toHaveLength(1);
    const line = at(file, 5, 'await (setTimeout(').line;
    expect(tree(tasks[0]!)).toEqual([
      'async idle()',
      7,
      line,
      'await (setTimeout(() => {}, 60_000).unref(), never);',
      [NOTHING],
    ]);
    expect(report?.tasks.filter((t) => t.type === 'Timeout').map((t) => t.location?.line)).toEqual([line]);
  });

  test('Promise.all: both calls under the one await, each ending in what it waits on', async ({ expect }) => {
    const file = 'fixtures/trees/fan-in.mjs';
    const { report } = await runFixture(file);
    const tasks = errorTasks(report);
    expect(tasks, summarize(report)).toHaveLength(1);
    const all = at(file, 10, 'await Promise.all').line;
    expect(tree(tasks[0]!)[4]).toEqual([
      ['async loadUser()', all, 4, 'await never;', [NOTHING]],
      ['async loadPosts()', all, 7, 'await never;', [NOTHING]],
    ]);
  });

  test('main().catch(): one task, the continuation folded into it', async ({ expect }) => {
    const file = 'fixtures/trees/catch.mjs';
    const { report } = await runFixture(file);
    const tasks = errorTasks(report);
    expect(tasks, summarize(report)).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      type: 'AsyncFunction',
      description: 'async main()',
      location: at(file, 9, 'main().catch'),
      continuations: [{ method: 'catch', location: at(file, 9, '.catch(') }],
    });
    expect(tree(tasks[0]!)[4]).toEqual([['async waitForReady()', 7, 4, 'await ready;', [NOTHING]]]);
  });

  test('recursion: the levels suspended at one line are one level with a count', async ({ expect }) => {
    const file = 'fixtures/trees/recursion.mjs';
    const { report } = await runFixture(file);
    const tasks = errorTasks(report);
    expect(tasks, summarize(report)).toHaveLength(1);
    const first = tasks[0]!.chain[0]!;
    expect(first).toMatchObject({ description: 'async retry()', suspendedAt: at(file, 5, 'await retry(attempt') });
    expect(first.recursion).toBeUndefined();
    const repeated = first.chain[0]!;
    expect(repeated).toMatchObject({ description: 'async retry()', recursion: 4, location: at(file, 5, 'retry(') });
    expect(tree(repeated)[4]).toEqual([['async retry()', 5, 4, 'if (attempt === 0) return await never;', [NOTHING]]]);
  });

  test('an HTTP request in flight is the leaf, with its socket below it', async ({ expect }) => {
    const file = 'fixtures/trees/http-in-flight.mjs';
    const { report } = await runFixture(file);
    const task = errorTasks(report).find((t) => t.description === 'async fetchUser()');
    expect(task, summarize(report)).toBeDefined();
    const [request] = task!.chain;
    expect(request).toMatchObject({ kind: 'handle', location: at(file, 7, 'http.get(') });
    expect(request!.description).toMatch(/^HTTP GET http:\/\/127\.0\.0\.1:\d+\/ \(no complete response\)$/);
    expect(request!.chain.map((link) => link.description)).toEqual([
      expect.stringMatching(/^net\.Socket connected to 127\.0\.0\.1:\d+$/),
    ]);
  });
});
