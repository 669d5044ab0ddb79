// Suppression that says what it does: each pattern form on real runs, the inline comment, config
// rules with a reason, what each rule suppressed counted, a rule that matched nothing named, and
// suppressed tasks kept in the JSON without failing the run.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADOPT, brief, checkout, readJson, writeJson } from './adopt-fixtures.js';
import { runBin, runWithJson } from './run-bin.js';

// node leaks.mjs job job interval pool: 2 jobs and an interval made in leaks.mjs, and an interval
// made in lib/pool.mjs, called from leaks.mjs.
const LEAKS = ['node', 'leaks.mjs', 'job', 'job', 'interval', 'pool'];
const JOBS = 'AsyncFunction leaks.mjs:10 ×2';
const INTERVAL = 'Timeout leaks.mjs:11 ×1';
const POOL = 'Timeout lib/pool.mjs:3 ×1';

describe('--ignore on real runs', { timeout: 60_000 }, () => {
  it('a file glob matches where the task was created, not every frame of its stack', async () => {
    const result = await runWithJson(['--ignore', 'leaks.mjs', ...LEAKS], ADOPT);
    // The pool's interval has leaks.mjs in its stack (the caller) but was created in lib/pool.mjs.
    // What is reported first, what is suppressed after it.
    expect(result.report.tasks.map(brief)).toEqual([POOL, `${JOBS} by:leaks.mjs`, `${INTERVAL} by:leaks.mjs`]);
    expect(result.code).toBe(1);
    expect(result.stderrLines[0]).toBe('lingering: 1 task still pending in 1 process (1 error; 3 suppressed)');
    expect(result.stderrLines).toContain('3 ignored by leaks.mjs');

    const pool = await runWithJson(['--ignore', 'lib/pool.mjs', ...LEAKS], ADOPT);
    expect(pool.report.tasks.map(brief)).toEqual([JOBS, INTERVAL, `${POOL} by:lib/pool.mjs`]);
  });

  it('frame:<glob> matches any frame of the stack', async () => {
    const result = await runWithJson(['--ignore', 'frame:leaks.mjs', ...LEAKS], ADOPT);
    expect(result.code).toBe(0);
    expect(result.report.tasks.map(brief)).toEqual([
      `${JOBS} by:frame:leaks.mjs`,
      `${INTERVAL} by:frame:leaks.mjs`,
      `${POOL} by:frame:leaks.mjs`,
    ]);
    expect(result.stderrLines).toEqual([
      'lingering: no lingering tasks (1 process checked; 4 suppressed)',
      '4 ignored by frame:leaks.mjs',
    ]);
  });

  it('the words of the report, any case, and the type names; each rule counted; a stale one named', async () => {
    const result = await runWithJson(
      ['--ignore', 'interval', '--ignore', 'Task', '--ignore', 'Server', '--ignore', 'TCPSERVERWRAP', ...LEAKS],
      ADOPT,
    );
    expect(result.code).toBe(0);
    expect(result.report.tasks.map(brief)).toEqual([
      `${JOBS} by:Task`,
      `${INTERVAL} by:interval`,
      `${POOL} by:interval`,
    ]);
    expect(result.stderrLines).toEqual([
      'lingering: no lingering tasks (1 process checked; 4 suppressed)',
      '2 ignored by interval',
      '2 ignored by Task',
      'ignore rule "Server" matched nothing in this run: remove it if it is stale',
      'ignore rule "TCPSERVERWRAP" matched nothing in this run: remove it if it is stale',
    ]);
    expect(result.report.suppression).toEqual({
      rules: [
        { rule: 'interval', tasks: 2 },
        { rule: 'Task', tasks: 2 },
        { rule: 'Server', tasks: 0 },
        { rule: 'TCPSERVERWRAP', tasks: 0 },
      ],
    });
    const server = await runWithJson(['--ignore', 'Server', 'node', 'leaks.mjs', 'server'], ADOPT);
    expect([server.code, server.report.tasks.map(brief)]).toEqual([0, ['TCPSERVERWRAP leaks.mjs:12 ×1 by:Server']]);
  });

  it('test:<glob> matches the name of the test that made it', async () => {
    const suite = join(ADOPT, 'suite');
    const result = await runWithJson(['--ignore', 'test:queue > *', 'node', '--test', '--test-force-exit'], suite);
    expect(result.code).toBe(1);
    expect(result.report.tasks.map((task) => `${brief(task)} ${task.test?.name}`)).toEqual([
      'TCPSERVERWRAP server.test.mjs:5 ×1 server > is left listening',
      'Timeout timer.test.mjs:4 ×1 timer > starts a heartbeat',
      'AsyncFunction queue.test.mjs:5 ×1 by:test:queue > * queue > keeps a job waiting',
      'AsyncFunction queue.test.mjs:9 ×1 by:test:queue > * queue > keeps two jobs waiting',
      'AsyncFunction queue.test.mjs:10 ×1 by:test:queue > * queue > keeps two jobs waiting',
    ]);
    expect(result.stderrLines[0]).toBe('lingering: 2 tasks still pending in 2 of 4 processes (2 errors; 3 suppressed)');
    expect(result.stderrLines).toContain('3 ignored by test:queue > *');
  });

  it('config rules carry a reason, said with their count; flags add to them', async () => {
    const dir = checkout();
    writeJson(join(dir, 'lingering.config.json'), {
      ignore: [{ pattern: 'Task', reason: 'the queue tests leave jobs pending on purpose' }, 'Worker'],
    });
    const result = await runWithJson(['--ignore', 'lib/**', ...LEAKS], dir);
    expect(result.code).toBe(1);
    expect(result.report.tasks.map((task) => [brief(task), task.suppressed?.reason])).toEqual([
      [INTERVAL, undefined],
      [`${JOBS} by:Task`, 'the queue tests leave jobs pending on purpose'],
      [`${POOL} by:lib/**`, undefined],
    ]);
    expect(result.stderrLines.filter((line) => / ignored by |ignore rule/.test(line))).toEqual([
      '2 ignored by Task (the queue tests leave jobs pending on purpose)',
      '1 ignored by lib/**',
      'ignore rule "Worker" matched nothing in this run: remove it if it is stale',
    ]);
  });

  it('an inline // lingering-ignore comment on the line or alone on the line above, with its reason', async () => {
    const result = await runWithJson(['node', 'marked.mjs'], ADOPT);
    expect(result.code).toBe(1);
    expect(result.report.tasks.map((task) => [brief(task), task.suppressed?.reason])).toEqual([
      ['AsyncFunction marked.mjs:8 ×1', undefined],
      ['AsyncFunction marked.mjs:5 ×1 by:lingering-ignore at marked.mjs:5', "the queue's owner cancels it"],
      ['AsyncFunction marked.mjs:7 ×1 by:lingering-ignore at marked.mjs:6', 'kept pending to test the timeout path'],
    ]);
    expect(result.stderrLines[0]).toBe('lingering: 1 task still pending in 1 process (1 error; 2 suppressed)');
    expect(result.stderrLines.filter((line) => line.includes('ignored by'))).toEqual([
      "1 ignored by lingering-ignore at marked.mjs:5 (the queue's owner cancels it)",
      '1 ignored by lingering-ignore at marked.mjs:6 (kept pending to test the timeout path)',
    ]);
    // Only the unmarked one is shown.
    expect(result.stderrLines.filter((line) => line.startsWith('error: '))).toEqual([
      'error: Task is still pending at exit!',
    ]);
    expect(result.stderr).toContain('called at marked.mjs:8:1');
  });

  it('suppressed tasks get no GitHub annotation and no JUnit testcase', async () => {
    const result = await runBin(
      ['--ignore', 'Interval', '--reporter', 'github', 'node', 'leaks.mjs', 'interval', 'job'],
      {
        cwd: ADOPT,
      },
    );
    expect(result.code).toBe(1);
    expect(
      result.stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('::')[1]),
    ).toEqual(['error file=leaks.mjs,line=10,col=23,title=lingering%3A Task is still pending at exit!']);
  });

  it('the preload alone (LINGERING_IGNORE) keeps the JSON of what it ignored too', async () => {
    const dir = checkout();
    const result = await runBin(['--json', 'r.json', 'node', 'leaks.mjs', 'interval'], {
      cwd: dir,
      env: { LINGERING_IGNORE: 'Interval' },
    });
    expect(result.code).toBe(0);
    expect(readJson(join(dir, 'r.json')).tasks.map(brief)).toEqual(['Timeout leaks.mjs:11 ×1 by:Interval']);
    expect(result.stderrLines).toEqual([
      'lingering: no lingering tasks (1 process checked; 1 suppressed)',
      '1 ignored by Interval',
    ]);
  });
});
