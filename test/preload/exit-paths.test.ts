// Every way a process can end writes a report, and none of them changes what the program does:
// same stdout, same exit code, same signal death, Node's own error output.
// The natural drain with a suspended async function is covered in tasks.test.ts.
import { describe, test } from 'vitest';
import { at, errorTasks, runFixture, summarize, threadIdOf } from '../helpers/run-preload.js';

const interval = {
  kind: 'handle',
  type: 'Timeout',
  state: 'pending',
  severity: 'error',
  refed: true,
  count: 1,
} as const;

describe.concurrent('preload: exit paths', { timeout: 20_000 }, () => {
  test('process.exit(4) keeps its code', async ({ expect }) => {
    const file = 'fixtures/exit/process-exit.mjs';
    const { code, signal, stdout, report } = await runFixture(file);
    expect(code).toBe(4);
    expect(signal).toBeNull();
    expect(stdout).toBe('exiting with 4\n');
    expect(report?.processes[0]?.exit).toMatchObject({ reason: 'exit', code: 4, signal: null });
    expect(report?.tasks, summarize(report)).toHaveLength(1);
    expect(report?.tasks[0]).toMatchObject({ ...interval, location: at(file, 2, 'setTimeout(') });
  });

  test('process.exitCode = 3 and a natural exit keep code 3', async ({ expect }) => {
    const file = 'fixtures/exit/exit-code.mjs';
    const { code, stdout, report } = await runFixture(file);
    expect(code).toBe(3);
    expect(stdout).toBe('exit code set\n');
    expect(report?.processes[0]?.exit).toMatchObject({ reason: 'natural', code: 3, signal: null });
    expect(errorTasks(report), summarize(report)).toEqual([]);
    expect(report?.tasks, summarize(report)).toHaveLength(1);
    expect(report?.tasks[0]).toMatchObject({
      ...interval,
      severity: 'warning',
      refed: false,
      location: at(file, 2, 'setInterval('),
    });
  });

  test("the program's exit listener sets process.exitCode: the report states that code", async ({ expect }) => {
    const file = 'fixtures/exit/exit-code-in-listener.mjs';
    const { code, stdout, report } = await runFixture(file);
    expect(code).toBe(6);
    expect(stdout).toBe('exiting\n');
    expect(report?.processes[0]?.exit).toMatchObject({ reason: 'natural', code: 6, signal: null });
    expect(report?.tasks[0]).toMatchObject({
      ...interval,
      severity: 'warning',
      refed: false,
      location: at(file, 2, 'setInterval('),
    });
  });

  test('an uncaught exception: exit code 1 and Node prints the error as usual', async ({ expect }) => {
    const file = 'fixtures/exit/uncaught.mjs';
    const { code, signal, stdout, stderr, report } = await runFixture(file);
    expect(code).toBe(1);
    expect(signal).toBeNull();
    expect(stdout).toBe('');
    expect(stderr).toContain('Error: boom from a timer');
    expect(stderr).toContain(`${file}:4`);
    expect(report?.processes[0]?.exit).toMatchObject({ reason: 'uncaught', code: 1 });
    // The throwing timer is the one running the exit: only the interval lingers.
    expect(report?.tasks, summarize(report)).toHaveLength(1);
    expect(report?.tasks[0]).toMatchObject({ ...interval, location: at(file, 2, 'setInterval(') });
  });

  test('an unhandled rejection: exit code 1 and Node prints the error as usual', async ({ expect }) => {
    const file = 'fixtures/exit/unhandled-rejection.mjs';
    const { code, signal, stdout, stderr, report } = await runFixture(file);
    expect(code).toBe(1);
    expect(signal).toBeNull();
    expect(stdout).toBe('');
    expect(stderr).toContain('Error: config missing');
    expect(report?.processes[0]?.exit).toMatchObject({ reason: 'uncaught', code: 1 });
    // loadConfig() settled (rejected): it is not pending.
    expect(report?.tasks, summarize(report)).toHaveLength(1);
    expect(report?.tasks[0]).toMatchObject({ ...interval, location: at(file, 2, 'setInterval(') });
  });

  test('SIGTERM with the default action: the process still dies by SIGTERM, after reporting', async ({ expect }) => {
    const file = 'fixtures/exit/sigterm.mjs';
    const { code, signal, stdout, report } = await runFixture(file);
    expect(signal).toBe('SIGTERM');
    expect(code).toBeNull();
    expect(stdout).toBe('ready\n');
    expect(report, 'a report is written before the signal death').not.toBeNull();
    expect(report?.processes[0]?.exit).toMatchObject({ reason: 'signal', signal: 'SIGTERM' });
    expect(report?.tasks, summarize(report)).toHaveLength(1);
    expect(report?.tasks[0]).toMatchObject({ ...interval, location: at(file, 2, 'setInterval(') });
  });

  test("SIGINT with the program's own handler: the handler runs and decides the exit", async ({ expect }) => {
    const file = 'fixtures/exit/sigint-handler.mjs';
    const { code, signal, stdout, report } = await runFixture(file);
    expect(signal).toBeNull();
    expect(code).toBe(42);
    expect(stdout).toBe('caught SIGINT, shutting down\n');
    // The program exited through its handler's process.exit(42), not by the signal.
    expect(report?.processes[0]?.exit).toMatchObject({ reason: 'exit', code: 42 });
    const timers = (report?.tasks ?? []).filter((task) => task.type === 'Timeout');
    expect(timers, summarize(report)).toHaveLength(1);
    expect(timers[0]).toMatchObject({ ...interval, location: at(file, 2, 'setInterval(') });
  });

  test('a worker thread reports its own pending interval', async ({ expect }) => {
    const { code, stdout, reports, report } = await runFixture('fixtures/exit/worker-interval.mjs');
    expect(code).toBe(0);
    expect(stdout).toBe('worker started\nworker exited with 0\n');
    expect(reports.map(threadIdOf), reports.map(summarize).join('\n')).toHaveLength(2);

    expect(report && threadIdOf(report)).toBe(0);
    expect(report?.processes[0]?.exit.reason).toBe('natural');
    expect(errorTasks(report), summarize(report)).toEqual([]);

    const worker = reports.find((r) => threadIdOf(r) !== 0) ?? null;
    expect(worker?.processes[0]?.pid).toBe(report?.processes[0]?.pid);
    expect(worker?.processes[0]?.exit).toMatchObject({ reason: 'exit', code: 0 });
    expect(worker?.tasks, summarize(worker)).toHaveLength(1);
    expect(worker?.tasks[0]).toMatchObject({
      ...interval,
      location: at('fixtures/exit/worker-interval-thread.mjs', 2, 'setInterval('),
    });
  });
});
