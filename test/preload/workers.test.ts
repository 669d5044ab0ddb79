// A worker thread stopped without running its JS (worker.terminate(), or its parent thread's exit)
// reports what it held at that moment; one that cannot answer in time gets a report from its
// parent that says it could not. The program sees the same output and exit code as without us.
import { describe, test } from 'vitest';
import type { Report } from '../../src/report/types.js';
import { NODE, ROOT, testEnv } from '../helpers/env.js';
import { at, runFixture, summarize, threadIdOf } from '../helpers/run-preload.js';
import { validateReport } from '../helpers/schema.js';
import { spawnProcess } from '../helpers/spawn.js';

const interval = {
  kind: 'handle',
  type: 'Timeout',
  state: 'pending',
  severity: 'error',
  refed: true,
  count: 1,
} as const;
const terminated = { reason: 'terminated', code: null, signal: null };
/** As the wrapper loads the preload. Under --import, Node runs it later in a worker, once the
 * worker's process.argv is complete, and it is not loaded at all in eval workers. */
const REQUIRE = { mode: 'require' } as const;

/** The same fixture without the preload: what the program does on its own. */
async function runPlain(file: string): Promise<{ code: number | null; stdout: string }> {
  const run = await spawnProcess(NODE, [file], { cwd: ROOT, env: testEnv(), killAfterMs: 15_000 });
  return { code: run.code, stdout: run.stdout.toString('utf8') };
}

function thread(reports: Report[], threadId: number): Report | null {
  return reports.find((report) => threadIdOf(report) === threadId) ?? null;
}

/** "(threadId) reason: Type file:line, ..." for every report, for assertion messages. */
function describeAll(reports: Report[]): string {
  return reports.map((report) => `thread ${threadIdOf(report)}: ${summarize(report)}`).join('\n');
}

describe.concurrent('preload: worker threads stopped from outside', { timeout: 20_000 }, () => {
  test.for(['require', 'import'] as const)(
    'terminate() (--%s): the worker reports the interval it held; the program sees no difference',
    async (mode, { expect }) => {
      const file = 'fixtures/workers/terminate-interval.mjs';
      const [run, plain] = await Promise.all([runFixture(file, { mode }), runPlain(file)]);
      expect(plain).toEqual({ code: 0, stdout: 'exit event 1\nterminate() resolved 1\n' });
      expect({ code: run.code, stdout: run.stdout }).toEqual(plain);

      expect(run.reports.map(threadIdOf), describeAll(run.reports)).toEqual([0, 1]);
      const worker = thread(run.reports, 1);
      validateReport(worker);
      expect(worker?.processes[0]).toMatchObject({ pid: run.pid, threadId: 1, exit: terminated });
      expect(worker?.processes[0]?.argv.slice(1)).toEqual([`${ROOT}fixtures/workers/interval-thread.mjs`]);
      expect(worker?.tasks, summarize(worker)).toHaveLength(1);
      expect(worker?.tasks[0]).toMatchObject({
        ...interval,
        pids: [run.pid],
        location: at('fixtures/workers/interval-thread.mjs', 3, 'setInterval('),
      });
    },
  );

  test('an eval worker (loaded through --require) reports when terminated', async ({ expect }) => {
    const { code, stdout, reports } = await runFixture('fixtures/workers/eval-terminate.cjs', REQUIRE);
    expect(code).toBe(0);
    expect(stdout).toBe('terminate() resolved 1\n');
    const worker = thread(reports, 1);
    expect(worker?.processes[0]?.exit, describeAll(reports)).toEqual(terminated);
    expect(worker?.processes[0]?.argv.slice(1)).toEqual(['[worker eval]']);
    expect(worker?.tasks, summarize(worker)).toHaveLength(1);
    expect(worker?.tasks[0]).toMatchObject({
      ...interval,
      location: at('fixtures/workers/eval-interval.cjs', 2, 'setInterval('),
    });
  });

  test('a terminated worker asks its own worker first: both report', async ({ expect }) => {
    const { code, stdout, reports } = await runFixture('fixtures/workers/nested-terminate.mjs', REQUIRE);
    expect(code).toBe(0);
    expect(stdout).toBe('terminate() resolved 1\n');
    expect(reports.map(threadIdOf), describeAll(reports)).toEqual([0, 1, 2]);

    const outer = thread(reports, 1);
    expect(outer?.processes[0]?.exit).toEqual(terminated);
    const outerFile = 'fixtures/workers/nested-outer-thread.mjs';
    expect(outer?.tasks.map((task) => [task.type, task.location?.file, task.location?.line])).toEqual([
      ['WORKER', outerFile, at(outerFile, 4, 'new Worker(').line],
      ['Timeout', outerFile, at(outerFile, 6, 'setInterval(').line],
    ]);

    const inner = thread(reports, 2);
    expect(inner?.processes[0]?.exit).toEqual(terminated);
    expect(inner?.tasks, summarize(inner)).toHaveLength(1);
    expect(inner?.tasks[0]).toMatchObject({
      ...interval,
      location: at('fixtures/workers/interval-thread.mjs', 3, 'setInterval('),
    });
  });

  test("process.exit() with an unref'd worker alive: the worker reports before the process ends", async ({
    expect,
  }) => {
    const file = 'fixtures/workers/exit-with-unref-worker.mjs';
    const [run, plain] = await Promise.all([runFixture(file, REQUIRE), runPlain(file)]);
    expect(plain).toEqual({ code: 0, stdout: 'exiting\n' });
    expect({ code: run.code, stdout: run.stdout }).toEqual(plain);
    expect(run.report?.processes[0]?.exit).toEqual({ reason: 'exit', code: 0, signal: null });

    const worker = thread(run.reports, 1);
    expect(worker?.processes[0]?.exit, describeAll(run.reports)).toEqual(terminated);
    expect(worker?.tasks, summarize(worker)).toHaveLength(1);
    expect(worker?.tasks[0]).toMatchObject({
      ...interval,
      location: at('fixtures/workers/interval-thread.mjs', 3, 'setInterval('),
    });
  });

  test('a worker blocked in Atomics.wait (an idle pool worker) answers between slices of its wait', async ({
    expect,
  }) => {
    const { code, stdout, reports } = await runFixture('fixtures/workers/terminate-atomics-wait.mjs', REQUIRE);
    expect(code).toBe(0);
    expect(stdout).toBe('terminate() resolved 1\n');
    const worker = thread(reports, 1);
    expect(worker?.processes[0], describeAll(reports)).toEqual(expect.objectContaining({ exit: terminated }));
    expect(worker?.processes[0]).not.toHaveProperty('missingReport');
    expect(worker?.tasks, summarize(worker)).toHaveLength(1);
    expect(worker?.tasks[0]).toMatchObject({
      ...interval,
      location: at('fixtures/workers/atomics-wait-thread.mjs', 4, 'setInterval('),
    });
  });

  test('after its report the worker runs none of its code before the terminate lands', async ({ expect }) => {
    // The worker would print a line from the first turn of its event loop after the report. A
    // race without the freeze (its next setImmediate against the terminate landing) that the
    // worker won in 17 of 18 runs when the freeze was taken out.
    const { code, stdout, reports } = await runFixture('fixtures/workers/terminate-after-report.mjs', REQUIRE);
    expect(code).toBe(0);
    expect(stdout).toBe('terminate() resolved 1\n');
    expect(thread(reports, 1)?.processes[0]?.exit, describeAll(reports)).toEqual(terminated);
  });
});

describe.concurrent('preload: a worker that cannot answer', { timeout: 20_000 }, () => {
  const busy = 'fixtures/workers/terminate-busy.mjs';
  const resolved = /^terminate\(\) resolved 1 after (\d+) ms\n$/;

  test('busy in synchronous code: its parent writes a report saying it could not report', async ({ expect }) => {
    const { code, stdout, reports } = await runFixture(busy, REQUIRE);
    expect(code).toBe(0);
    expect(stdout).toMatch(resolved);
    // The acknowledge bound (200 ms) and not the worker's 3 s loop; the rest is the machine.
    const ms = Number(resolved.exec(stdout)?.[1]);
    expect(ms).toBeGreaterThanOrEqual(200);
    expect(ms).toBeLessThan(1500);

    expect(reports.map(threadIdOf), describeAll(reports)).toEqual([0, 1]);
    const stub = thread(reports, 1);
    validateReport(stub);
    expect(stub).toEqual({
      version: 1,
      processes: [
        {
          pid: reports[0]?.processes[0]?.pid,
          ppid: reports[0]?.processes[0]?.ppid,
          // From its start-up marker, rewritten once Node gave the worker its argv. The binary is
          // process.execPath, where LINGERING_TEST_NODE may be a bare name or a symlink.
          argv: [expect.stringMatching(/node$/), `${ROOT}fixtures/workers/busy-thread.mjs`],
          threadId: 1,
          exit: { reason: 'missing', code: null, signal: null },
          missingReport: true,
        },
      ],
      tasks: [],
    });
  });

  test('LINGERING_TERMINATE_WAIT_MS sets how long terminate() waits for an answer', async ({ expect }) => {
    const { stdout, reports } = await runFixture(busy, { ...REQUIRE, env: { LINGERING_TERMINATE_WAIT_MS: '700' } });
    expect(stdout).toMatch(resolved);
    expect(Number(resolved.exec(stdout)?.[1])).toBeGreaterThanOrEqual(700);
    expect(thread(reports, 1)?.processes[0]?.missingReport).toBe(true);
  });
});
