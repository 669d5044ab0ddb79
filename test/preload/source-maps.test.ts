// Locations are the user's own source lines: tsc output with .js.map files, an inline data: URL map,
// and .ts run through tsx. The compiled .js lines differ from the .ts lines on purpose.
import { describe, test } from 'vitest';
import { at, runFixture, summarize } from '../helpers/run-preload.js';

const timer = { kind: 'handle', type: 'Timeout', state: 'pending', severity: 'error', refed: true, count: 1 } as const;

describe.concurrent('preload: source-mapped locations', { timeout: 20_000 }, () => {
  test('tsc output with a .js.map beside it', async ({ expect }) => {
    const source = 'fixtures/ts/src/heartbeat.ts';
    // Without --enable-source-maps: the preload maps the stack itself.
    const { code, stdout, report } = await runFixture('fixtures/ts/dist/heartbeat.js');
    expect(code).toBe(0);
    expect(stdout).toBe('started\n');
    expect(report?.tasks, summarize(report)).toHaveLength(1);
    expect(report?.tasks[0]).toMatchObject({ ...timer, location: at(source, 10, 'setInterval(') });
    expect(report?.tasks[0]?.stack[0]).toMatchObject({ function: 'startHeartbeat', ...at(source, 10, 'setInterval(') });
    expect(report?.tasks[0]?.stack[1]).toMatchObject(at(source, 13, 'startHeartbeat({'));
    expect(report?.tasks[0]?.description).toContain('1000');
  });

  test('tsc output with an inline (data: URL) source map', async ({ expect }) => {
    const source = 'fixtures/ts/src/poller.ts';
    const { code, stdout, report } = await runFixture('fixtures/ts/dist-inline/poller.js');
    expect(code).toBe(0);
    expect(stdout).toBe('');
    expect(report?.tasks, summarize(report)).toHaveLength(1);
    expect(report?.tasks[0]).toMatchObject({ ...timer, location: at(source, 10, 'setTimeout(') });
    expect(report?.tasks[0]?.stack[0]?.function).toContain('start');
    expect(report?.tasks[0]?.stack[1]).toMatchObject(at(source, 14, '.start()'));
  });

  test('a .ts file run with --import tsx', async ({ expect }) => {
    const file = 'fixtures/ts/tsx-timer.ts';
    const { code, stdout, report } = await runFixture(file, { nodeArgs: ['--import', 'tsx'] });
    expect(code).toBe(0);
    expect(stdout).toBe('scheduled\n');
    expect(report?.tasks, summarize(report)).toHaveLength(1);
    expect(report?.tasks[0]).toMatchObject({ ...timer, location: at(file, 7, 'setTimeout(') });
    expect(report?.tasks[0]?.stack[0]).toMatchObject({ function: 'scheduleRetry', ...at(file, 7, 'setTimeout(') });
  });
});
