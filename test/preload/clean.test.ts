// Programs that leave nothing behind: the preload must stay silent (no false positives).
import { describe, test } from 'vitest';
import type { ExitReason } from '../../src/report/types.js';
import { at, errorTasks, runFixture, summarize } from '../helpers/run-preload.js';

interface CleanCase {
  file: string;
  stdout: string;
  reason: ExitReason;
}

const cases: CleanCase[] = [
  // A pending promise nobody awaits or thens loses no work.
  { file: 'fixtures/clean/bare-promise.mjs', stdout: 'done\n', reason: 'natural' },
  { file: 'fixtures/clean/closed-server.mjs', stdout: 'closed\n', reason: 'natural' },
  // ZLIB, ELDHISTOGRAM and the finished request wraps stay alive until GC: finished work is not lingering.
  { file: 'fixtures/clean/completed-work.mjs', stdout: 'key 32 gzip true localhost true\n', reason: 'natural' },
  // 1000 `timeout` promises stay pending forever, each awaited only by its settled race.
  { file: 'fixtures/clean/race-1000.mjs', stdout: '1000 races\n', reason: 'natural' },
  { file: 'fixtures/clean/interval-cleared.mjs', stdout: 'tick 1\ntick 2\ntick 3\n', reason: 'natural' },
  // The running timer is the exit itself, not a leak.
  { file: 'fixtures/clean/timer-exit.mjs', stdout: 'bye\n', reason: 'exit' },
  // The fired timer's destroy hook is still queued when process.exit() runs.
  { file: 'fixtures/clean/sleep-then-exit.mjs', stdout: 'slept\n', reason: 'exit' },
  // Same for the FileHandle's close request.
  { file: 'fixtures/clean/closed-file-handle.mjs', stdout: 'read true\n', reason: 'exit' },
];

describe.concurrent('preload: clean programs report nothing', { timeout: 20_000 }, () => {
  test.for(cases)('$file', async ({ file, stdout, reason }, { expect }) => {
    const run = await runFixture(file);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(stdout);
    expect(run.report, `no report; stderr: ${run.stderr}`).not.toBeNull();
    expect(run.report?.processes[0]?.exit).toMatchObject({ reason, code: 0, signal: null });
    expect(errorTasks(run.report), summarize(run.report)).toEqual([]);
    expect(run.report?.tasks, summarize(run.report)).toEqual([]);
  });

  test("an unref'd timer is a warning at most", async ({ expect }) => {
    const file = 'fixtures/clean/unref-timer.mjs';
    const { code, stdout, report } = await runFixture(file);
    expect(code).toBe(0);
    expect(stdout).toBe('done\n');
    expect(report?.processes[0]?.exit.reason).toBe('natural');
    expect(errorTasks(report), summarize(report)).toEqual([]);
    for (const task of report?.tasks ?? []) {
      expect(task).toMatchObject({
        kind: 'handle',
        type: 'Timeout',
        severity: 'warning',
        refed: false,
        location: at(file, 2, 'setTimeout('),
      });
    }
  });

  // Node 24 and later leave each re-armed socket timeout pending until it fires (Node 20 and 22
  // clear it): 2000 of them here, none the program's. Without the rule that skips them (timer.ts,
  // armedByNode) the table holds ~2000 entries on Node 24.
  test('a socket timeout re-armed 2000 times leaves no entry per timeout', async ({ expect }) => {
    const run = await runFixture('fixtures/clean/stream-timeouts.mjs', { testHooks: true });
    expect(run.code, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as { armed: number; handles: number | null };
    expect(printed.armed).toBe(2000);
    // The server and the socket (and a timer of Node's own) at most.
    expect(printed.handles).not.toBeNull();
    expect(printed.handles).toBeLessThanOrEqual(16);
    expect(run.report?.tasks, summarize(run.report)).toEqual([]);
  });

  // Inside each fs.promises call, Node's own .then() on the request's promise and its await on that
  // took an await entry and a stack each (200 here); Node 26 awaits once more through
  // raceWithSignal, which stays (100).
  test("fs.promises calls in flight: no await entry for Node's own subscriptions to the request", async ({
    expect,
  }) => {
    const run = await runFixture('fixtures/clean/fs-promises-in-flight.mjs', { testHooks: true });
    expect(run.code, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as { inFlight: number; done: number; awaits: number | null };
    expect(printed).toMatchObject({ inFlight: 100, done: 100 });
    expect(printed.awaits).not.toBeNull();
    expect(printed.awaits).toBeLessThanOrEqual(printed.inFlight + 16);
    expect(run.report?.tasks, summarize(run.report)).toEqual([]);
  });
});
