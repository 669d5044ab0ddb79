// The whole chain: the wrapper injects the preload into real Node programs and test runners,
// merges their reports and gates on them. Locations are the user's own lines, source-mapped.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, runBin, runWithJson } from './run-bin.js';

const GATE_LINE =
  /^lingering: 1 lingering task fails the run; fix it, ignore it with --ignore <pattern>, or use --no-fail to only report$/;

describe('reports from real programs', { timeout: 60_000 }, () => {
  it('finds the interval a node:test suite left behind, at its line', async () => {
    const result = await runWithJson(
      ['node', '--test', '--test-reporter=tap', '--test-force-exit', 'leaky-suite.js'],
      join(FIXTURES, 'node-test'),
    );
    expect(result.stdout).toContain('ok 1 - starts a heartbeat and forgets it');
    expect(result.code).toBe(1);
    expect(result.report.tasks).toHaveLength(1);
    expect(result.report.tasks[0]).toMatchObject({
      kind: 'handle',
      type: 'Timeout',
      severity: 'error',
      refed: true,
      count: 1,
      location: { file: 'leaky-suite.js', line: 5 },
    });
    expect(result.stderr).toContain('created at leaky-suite.js:5:');
    expect(result.stderrLines.at(-1)).toMatch(GATE_LINE);
  });

  it('passes a clean node:test suite with one line', async () => {
    const result = await runBin(['node', '--test', '--test-reporter=tap', '--test-force-exit', 'tidy-suite.js'], {
      cwd: join(FIXTURES, 'clean-suite'),
    });
    expect(result.stdout).toContain('ok 1 - clears the timer it starts');
    expect(result.code).toBe(0);
    expect(result.stderrLines).toHaveLength(1);
    expect(result.stderrLines[0]).toMatch(/^lingering: no lingering tasks \(\d+ process(es)? checked\)$/);
  });

  it('follows `npm test` down to the script it runs', async () => {
    const result = await runWithJson(['npm', 'test'], join(FIXTURES, 'npm-script'));
    expect(result.stdout).toContain('leak.js ran');
    expect(result.code).toBe(1);
    const leak = result.report.processes.find((p) => p.argv.some((arg) => arg.endsWith('leak.js')));
    expect(leak).toBeDefined();
    expect(result.report.processes.length).toBeGreaterThanOrEqual(2);
    expect(result.report.tasks).toHaveLength(1);
    expect(result.report.tasks[0]).toMatchObject({
      type: 'Timeout',
      pids: [leak?.pid],
      location: { file: 'leak.js', line: 2, column: 1 },
    });
  });

  it('maps a vitest TypeScript suite to its .ts lines', async () => {
    const vitest = join(ROOT, 'node_modules/vitest/vitest.mjs');
    const result = await runWithJson(['node', vitest, 'run'], join(FIXTURES, 'vitest-ts'));
    expect(result.stdout).toContain('1 passed');
    expect(result.code).toBe(1);
    expect(result.report.tasks).toHaveLength(1);
    const [task] = result.report.tasks;
    expect(task?.location).toEqual({ file: 'leak.check.ts', line: 8, column: 14 });
    expect(task?.stack.slice(0, 2)).toEqual([
      { function: 'startTicker', file: 'leak.check.ts', line: 8, column: 14 },
      expect.objectContaining({ file: 'leak.check.ts', line: 13 }),
    ]);
  });

  it('names what kept a timed-out server running', async () => {
    const result = await runWithJson(['--timeout', '1', 'node', 'server.js']);
    expect(result.code).toBe(1);
    expect(result.report.processes).toHaveLength(1);
    expect(result.report.processes[0]?.exit.reason).toBe('timeout');
    expect(result.report.tasks).toEqual([
      expect.objectContaining({
        kind: 'handle',
        type: 'TCPSERVERWRAP',
        location: expect.objectContaining({ file: 'server.js', line: 5 }),
      }),
    ]);
  });

  it('merges the reports of a parent and the child process it ran', async () => {
    const result = await runWithJson(['node', 'spawn-leak.js']);
    expect(result.code).toBe(1);
    const child = result.report.processes.find((p) => p.argv.some((arg) => arg.endsWith('interval-exit.js')));
    const parent = result.report.processes.find((p) => p.argv.some((arg) => arg.endsWith('spawn-leak.js')));
    expect(child?.ppid).toBe(parent?.pid);
    expect(result.report.tasks).toHaveLength(1);
    expect(result.report.tasks[0]).toMatchObject({
      pids: [child?.pid],
      location: { file: 'interval-exit.js', line: 2 },
    });
  });

  it("does not count Node's module.register() hooks thread as a thread of the program", async () => {
    const result = await runWithJson(['node', 'loader-hooks-thread.mjs']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('hooks registered\n');
    expect(result.report.processes.map((p) => [p.threadId, p.missingReport ?? false])).toEqual([[0, false]]);
    // Node 26 also prints its own deprecation warning for module.register() (DEP0205).
    expect(result.stderrLines.filter((line) => line.startsWith('lingering:'))).toEqual([
      'lingering: no lingering tasks (1 process checked)',
    ]);
  });

  it('a process that sends itself SIGKILL reports before it dies', async () => {
    const result = await runWithJson(['node', 'kill-self.js']);
    expect(result.code).toBe(137);
    expect(result.report.processes).toEqual([
      expect.objectContaining({ exit: { reason: 'signal', code: null, signal: 'SIGKILL' } }),
    ]);
    expect(result.report.processes[0]).not.toHaveProperty('missingReport');
    expect(result.report.tasks.map((task) => [task.type, task.location?.line])).toEqual([['Timeout', 2]]);
  });

  it('counts a process killed from outside as one that could not report; --strict fails on it', async () => {
    const result = await runWithJson(['node', 'killed-from-outside.js']);
    expect(result.code).toBe(0);
    const child = result.report.processes.find((p) => p.argv.includes('-e'));
    // argv of a -e process is only node: its -e and the code are added from process.execArgv.
    expect(child).toMatchObject({ missingReport: true, exit: { reason: 'missing', code: null, signal: null } });
    expect(result.stderrLines[0]).toBe('lingering: no lingering tasks (2 processes checked; 1 could not report)');
    expect(result.stderr).toMatch(/^pid \d+ \(node -e .*\) exited without a report \(killed\?\)$/m);

    const strict = await runBin(['--strict', 'node', 'killed-from-outside.js']);
    expect(strict.code).toBe(1);
    expect(strict.stderrLines.at(-1)).toBe('lingering: 1 process could not report, and --strict fails the run on that');
  });
});

describe('the gate', { timeout: 30_000 }, () => {
  it('fails on an error-severity task and says why in one last line', async () => {
    const result = await runBin(['node', 'interval-exit.js']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('created at interval-exit.js:2:1');
    expect(result.stderrLines.at(-1)).toMatch(GATE_LINE);
  });

  it('reports but passes with --no-fail', async () => {
    const result = await runBin(['--no-fail', 'node', 'interval-exit.js']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('created at interval-exit.js:2:1');
    expect(result.stderr).not.toContain('fails the run');
  });

  it('passes on ignored tasks and says what each rule ignored', async () => {
    const result = await runBin(['--ignore', 'Timeout', 'node', 'interval-exit.js']);
    expect(result.code).toBe(0);
    expect(result.stderrLines).toEqual([
      'lingering: no lingering tasks (1 process checked; 1 suppressed)',
      '1 ignored by Timeout',
    ]);
  });

  it("warns about an unref'd timer and fails on it only with --strict", async () => {
    const relaxed = await runBin(['node', 'unref-timer.js']);
    expect(relaxed.code).toBe(0);
    expect(relaxed.stderr).toContain('warning: ');
    expect(relaxed.stderr).toContain('created at unref-timer.js:2:1');
    // It is unref'd already: the hint must not tell to .unref() it.
    expect(relaxed.stderrLines).toContain(
      "  hint: clearTimeout()/clearInterval() it when done: it is unref'd already, and its callback never runs after exit",
    );
    const strict = await runBin(['--strict', 'node', 'unref-timer.js']);
    expect(strict.code).toBe(1);
  });

  it('annotates on GitHub Actions, on stdout, after the command', async () => {
    const result = await runBin(['node', 'interval-exit.js'], { env: { GITHUB_ACTIONS: 'true' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^::error file=interval-exit\.js,line=2,col=1,title=[^:]*::setInterval/);
  });

  it.for([
    ['dies by the signal', [], 'signal'],
    ['exits from its own handler', ['handler'], 'exit'],
  ] as const)('a daemon another process stops with SIGTERM %s: what it held is a warning', async ([, args, reason]) => {
    const result = await runWithJson(['node', 'stop-daemon.cjs', ...args]);
    expect(result.stdout).toMatch(/^daemon stopped: (0|SIGTERM)$/m);
    expect(result.code).toBe(0);
    const daemon = result.report.processes.find((p) => p.argv.some((a) => a.endsWith('/daemon.cjs')));
    expect(daemon?.exit).toMatchObject({ reason, stoppedBy: 'SIGTERM' });
    expect(result.report.tasks.map((t) => [t.severity, t.type, t.location?.file, t.location?.line])).toEqual([
      ['warning', 'Timeout', 'daemon.cjs', 4],
    ]);
    expect(result.stderr).toContain(
      "ref'd: it kept the process alive until it was stopped on request (a warning; fails only in strict mode)",
    );
    expect(result.stderr).toMatch(
      reason === 'exit'
        ? /^pid \d+ \(node daemon\.cjs handler\) called process\.exit\(0\) after a SIGTERM from another process \(stopped on request\)$/m
        : /^pid \d+ \(node daemon\.cjs\) was stopped by SIGTERM$/m,
    );
  });

  it('a process that signals itself and exits from its handler: what it held is still an error', async () => {
    const result = await runWithJson(['node', 'self-stop.cjs']);
    expect(result.code).toBe(1);
    expect(result.report.processes[0]?.exit).toEqual({ reason: 'exit', code: 0, signal: null });
    expect(result.report.tasks.map((t) => [t.severity, t.type, t.location?.line])).toEqual([['error', 'Timeout', 4]]);
  });
});
