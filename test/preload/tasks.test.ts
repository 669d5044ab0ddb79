// Promise tasks: async functions suspended forever, and promises collected while still pending.
import { describe, test } from 'vitest';
import { allTasks, at, errorTasks, runFixture, summarize } from '../helpers/run-preload.js';

describe.concurrent('preload: promise tasks', { timeout: 20_000 }, () => {
  test('an async function suspended forever when the loop drains (its finally never runs)', async ({ expect }) => {
    const file = 'fixtures/tasks/wait-for-ready.mjs';
    const { code, stdout, report } = await runFixture(file);
    expect(code).toBe(0);
    expect(stdout).toBe('starting\n');
    expect(report?.processes[0]?.exit).toMatchObject({ reason: 'natural', code: 0, signal: null });

    const waitForReady = allTasks(report).filter((task) => task.description.includes('waitForReady'));
    expect(waitForReady, summarize(report)).toHaveLength(1);
    expect(waitForReady[0]).toMatchObject({
      kind: 'promise',
      type: 'AsyncFunction',
      state: 'pending',
      severity: 'error',
      refed: false,
      location: at(file, 12, 'waitForReady()'),
      suspendedAt: at(file, 5, 'await ready'),
    });
    expect(waitForReady[0]?.description).toMatch(/async (function )?waitForReady\(\)/);
    const main = allTasks(report).filter((task) => /\bmain\b/.test(task.description));
    expect(main, summarize(report)).toHaveLength(1);
    expect(main[0]).toMatchObject({
      type: 'AsyncFunction',
      state: 'pending',
      location: at(file, 15, 'main()'),
      suspendedAt: at(file, 12, 'await waitForReady()'),
    });
    // main() awaits waitForReady() which awaits `ready`: one entry with a chain, not three entries.
    expect(errorTasks(report), summarize(report)).toHaveLength(1);
    // As a tree: each level what it awaits, with the line it is suspended at and its source text.
    const inner = main[0]!.chain;
    expect(inner.map((link) => [link.description, link.location?.line, link.suspendedAt?.line])).toEqual([
      ['async waitForReady()', 12, 5],
    ]);
    expect(inner[0]?.suspendedCode).toBe('await ready;');
    expect(inner[0]?.chain.map((link) => [link.description, link.location])).toEqual([
      ['a promise that nothing settles', null],
    ]);
  });

  test('another async hook on before lingering: the same task at the same lines', async ({ expect }) => {
    const file = 'fixtures/tasks/wait-for-ready.mjs';
    const { code, stdout, report } = await runFixture(file, {
      nodeArgs: ['--require', './fixtures/tasks/another-async-hook.cjs'],
    });
    expect(code).toBe(0);
    expect(stdout).toBe('starting\nthe other hook saw promises\n');
    const tasks = errorTasks(report);
    expect(tasks, summarize(report)).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      type: 'AsyncFunction',
      location: at(file, 15, 'main()'),
      suspendedAt: at(file, 12, 'await waitForReady()'),
    });
    expect(tasks[0]?.chain.map((link) => [link.description, link.location?.line, link.suspendedAt?.line])).toEqual([
      [expect.stringMatching(/async (function )?waitForReady\(\)/), 12, 5],
    ]);
  });

  test('an AsyncLocalStorage that starts later: a task pending inside its run() is found', async ({ expect }) => {
    const file = 'fixtures/tasks/after-async-local-storage.mjs';
    const { code, stdout, report } = await runFixture(file);
    expect(code).toBe(0);
    expect(stdout).toBe('store request-1\n');
    const tasks = errorTasks(report);
    expect(tasks, summarize(report)).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      type: 'AsyncFunction',
      description: 'async poll()',
      location: at(file, 12, 'poll()'),
      suspendedAt: at(file, 7, 'await sleep'),
    });
    // What it waits on is linked too (the reaction hooks run as well).
    expect(tasks[0]?.chain.map((link) => [link.description, link.location?.line])).toEqual([
      ['setTimeout(…, 60000)', at(file, 5, 'setTimeout(resolve, ms)').line],
    ]);
  });

  test('awaits past the capture budget are counted, not lost, and the report says so', async ({ expect }) => {
    const file = 'fixtures/tasks/sampled-out-awaits.cjs';
    const { code, stdout, report } = await runFixture(file, { mode: 'require' });
    expect(code).toBe(0);
    expect(stdout).toBe('3000 stuck\n');
    // Those with a stack are one task at their line; each of the others awaits a promise of its own,
    // so nothing says where it is: counted for the process. Together, every one of the 3000.
    const stuck = errorTasks(report).filter((task) => task.description === 'async stuck()');
    // (Some may have been garbage-collected by then: the same site, state 'destroyed'.)
    expect(new Set(stuck.map((task) => task.location?.line))).toEqual(new Set(stuck.length ? [15] : []));
    const located = stuck.reduce((sum, task) => sum + task.count, 0);
    const unrecorded = report?.processes[0]?.unrecordedAwaits ?? 0;
    expect(located + unrecorded, summarize(report)).toBe(3000);
    // The budget never holds more than 2000 stacks.
    expect(unrecorded).toBeGreaterThanOrEqual(1000);

    // The text report says how many, and what to do.
    const text = await runFixture(file, { mode: 'require', env: { LINGERING_REPORT_DIR: '' } });
    const said =
      /had (\d+) awaits still waiting that had no stack \(past the capture budget\); LINGERING_PROMISES=all records every one/.exec(
        text.stderr,
      );
    expect(Number(said?.[1]), text.stderr).toBeGreaterThanOrEqual(1000);

    // With every await recorded, all 3000 are located.
    const all = await runFixture(file, { mode: 'require', env: { LINGERING_PROMISES: 'all' } });
    expect(all.report?.processes[0]?.unrecordedAwaits).toBeUndefined();
    const allStuck = errorTasks(all.report);
    expect(new Set(allStuck.map((task) => `${task.description} ${task.location?.line}`))).toEqual(
      new Set(['async stuck() 15']),
    );
    expect(allStuck.reduce((sum, task) => sum + task.count, 0)).toBe(3000);
  });

  test('awaits made after a pause get stacks again, once the budget was spent', async ({ expect }) => {
    const file = 'fixtures/tasks/stuck-after-a-pause.cjs';
    const { code, stdout, report } = await runFixture(file, { mode: 'require' });
    expect(code).toBe(0);
    expect(stdout).toBe('3 stuck after a pause\n');
    const stuck = errorTasks(report).filter((task) => task.description === 'async stuck()');
    expect(
      stuck.map((task) => [task.location?.line, task.count]),
      summarize(report),
    ).toEqual([[at(file, 17, 'stuck();').line, 3]]);
    expect(report?.processes[0]?.unrecordedAwaits).toBeUndefined();
  });

  test('a task collected by the GC while pending is reported as destroyed', async ({ expect }) => {
    const file = 'fixtures/tasks/destroyed-pending.mjs';
    const { code, stdout, report } = await runFixture(file, { nodeArgs: ['--expose-gc'] });
    expect(code).toBe(0);
    expect(stdout).toBe('collected\n');
    expect(report?.processes[0]?.exit.reason).toBe('natural');

    const call = at(file, 6, 'waitForever()');
    const atCall = allTasks(report).filter((task) => task.location?.file === file && task.location.line === call.line);
    expect(atCall, summarize(report)).toHaveLength(1);
    expect(atCall[0]).toMatchObject({ kind: 'promise', type: 'AsyncFunction', state: 'destroyed', severity: 'error' });
    expect(atCall[0]?.description).toContain('waitForever');
    expect(report?.tasks).toContain(atCall[0]);
  });
});
