import { describe, expect, it } from 'vitest';
import { applyIgnore, countFailures, globToRegExp, isIgnored, summarize } from '../../src/report/index.js';
import { frame, report, task } from './helpers.js';

const server = task({
  type: 'TCPSERVERWRAP',
  description: 'net.Server listening on 127.0.0.1:40123',
  location: { file: 'src/net/server.ts', line: 21, column: 10 },
  stack: [frame('Server.listen', 'src/net/server.ts', 21, 10), frame('bootstrap', 'scripts/start.js', 4, 1)],
});

describe('isIgnored', () => {
  it('matches the type case-insensitively', () => {
    expect(isIgnored(server, ['tcpserverwrap'])).toBe(true);
    expect(isIgnored(server, ['TCPSERVERWRAP'])).toBe(true);
    expect(isIgnored(task({ kind: 'promise', type: 'AsyncFunction' }), ['asyncfunction'])).toBe(true);
    expect(isIgnored(server, ['TCPWRAP'])).toBe(false);
  });

  it('matches file globs against the creation site only (the location), not every frame', () => {
    expect(isIgnored(server, ['src/**/*.ts'])).toBe(true);
    expect(isIgnored(server, ['server.ts'])).toBe(true);
    expect(isIgnored(server, ['src/net/'])).toBe(true);
    expect(isIgnored(server, ['./src/net/serve?.ts'])).toBe(true);
    // The caller's file: a frame, not where the server was made.
    expect(isIgnored(server, ['scripts/*.js'])).toBe(false);
    expect(isIgnored(server, ['start.js'])).toBe(false);
    // Without a location, the first frame is the creation site.
    const unlocated = { ...server, location: null };
    expect(isIgnored(unlocated, ['src/net/server.ts'])).toBe(true);
    expect(isIgnored(unlocated, ['scripts/start.js'])).toBe(false);
  });

  it('matches frame:<glob> against every frame, by file or function name', () => {
    expect(isIgnored(server, ['frame:scripts/*.js'])).toBe(true);
    expect(isIgnored(server, ['frame:start.js'])).toBe(true);
    expect(isIgnored(server, ['frame:bootstrap'])).toBe(true);
    expect(isIgnored(server, ['frame:Server.*'])).toBe(true);
    expect(isIgnored(server, ['frame:lib/**'])).toBe(false);
    expect(isIgnored(server, ['frame:boot'])).toBe(false);
  });

  it('matches test:<glob> against the name of the test that made it', () => {
    const inTest = { ...server, test: { file: 'test/queue.test.ts', name: 'queue > drains on close' } };
    expect(isIgnored(inTest, ['test:queue > drains on close'])).toBe(true);
    expect(isIgnored(inTest, ['test:queue > *'])).toBe(true);
    expect(isIgnored(inTest, ['test:*drains*'])).toBe(true);
    expect(isIgnored(inTest, ['test:queue'])).toBe(false);
    expect(isIgnored(inTest, ['test:test/queue.test.ts'])).toBe(false);
    expect(isIgnored(server, ['test:*'])).toBe(false);
  });

  it('matches the words of the report, any case, as well as the types', () => {
    const timeout = task({ description: 'setTimeout(…, 500)' });
    const interval = task({ description: 'setInterval(…, 1000)' });
    expect(isIgnored(server, ['Server'])).toBe(true);
    expect(isIgnored(server, ['server'])).toBe(true);
    expect(isIgnored(server, ['Socket'])).toBe(false);
    expect(isIgnored(timeout, ['Timer'])).toBe(true);
    expect(isIgnored(interval, ['timer'])).toBe(true);
    expect(isIgnored(interval, ['Interval'])).toBe(true);
    expect(isIgnored(timeout, ['Interval'])).toBe(false);
    expect(isIgnored(timeout, ['Timeout'])).toBe(true);
    const words: Array<[string, string]> = [
      ['TCPWRAP', 'Socket'],
      ['PIPEWRAP', 'socket'],
      ['PROCESSWRAP', 'ChildProcess'],
      ['WORKER', 'Worker'],
      ['FILEHANDLE', 'FileHandle'],
      ['Immediate', 'Immediate'],
      ['FSEVENTWRAP', 'Watcher'],
      ['HTTPCLIENTREQUEST', 'HTTPRequest'],
      ['MESSAGEPORT', 'MessagePort'],
      ['UDPWRAP', 'UDPSocket'],
    ];
    for (const [type, word] of words) expect([type, isIgnored(task({ type }), [word])]).toEqual([type, true]);
    const suspended = task({ kind: 'promise', type: 'AsyncFunction', description: 'async main()' });
    const then = task({ kind: 'promise', type: 'Promise', description: 'a promise that nothing settles' });
    expect([isIgnored(suspended, ['Task']), isIgnored(then, ['task'])]).toEqual([true, true]);
    expect([isIgnored(suspended, ['Promise']), isIgnored(then, ['Promise'])]).toEqual([false, true]);
    expect(isIgnored(server, ['Task'])).toBe(false);
  });

  it('matches function names exactly', () => {
    expect(isIgnored(server, ['bootstrap'])).toBe(true);
    expect(isIgnored(server, ['Server.listen'])).toBe(true);
    expect(isIgnored(server, ['listen'])).toBe(false);
  });

  it('does not match what only looks similar', () => {
    expect(isIgnored(server, ['src/*.ts'])).toBe(false);
    expect(isIgnored(server, ['lib/**/*.ts'])).toBe(false);
    expect(isIgnored(server, ['erver.ts'])).toBe(false);
    expect(isIgnored(server, ['src/net/server.js'])).toBe(false);
    expect(isIgnored(server, ['Timeout', 'boot', '', '  '])).toBe(false);
    expect(isIgnored(server, [])).toBe(false);
  });
});

describe('globToRegExp', () => {
  it('handles *, ** and ?', () => {
    const re = globToRegExp('src/**/*.ts');
    expect(['src/a.ts', 'src/a/b/c.ts'].map((f) => re.test(f))).toEqual([true, true]);
    expect(['src/a.js', 'lib/src/a.ts', 'src/a.tsx'].map((f) => re.test(f))).toEqual([false, false, false]);
    expect(globToRegExp('a?.js').test('x/ab.js')).toBe(true);
    expect(globToRegExp('a?.js').test('a/.js')).toBe(false);
    expect(globToRegExp('test/**').test('test/x/y.js')).toBe(true);
    expect(globToRegExp('a.b(c)+.js').test('a.b(c)+.js')).toBe(true);
    expect(globToRegExp('a.b(c)+.js').test('aXb(c)+.js')).toBe(false);
  });
});

describe('applyIgnore', () => {
  it('marks what it matches as suppressed by the rule, keeps it, and does not mutate the input', () => {
    const timer = task();
    const input = report([server, timer]);
    const filtered = applyIgnore(input, ['src/net/**']);
    expect(filtered.tasks).toEqual([{ ...server, suppressed: { by: 'src/net/**' } }, timer]);
    expect(input.tasks[0]!.suppressed).toBeUndefined();
    expect(filtered.processes).toEqual(input.processes);
    expect(countFailures(filtered, { strict: true })).toBe(1);
    expect(summarize(filtered)).toMatchObject({ errors: 1, suppressed: 1 });
  });

  it('counts what each rule suppressed (the first rule that matches), with its reason; 0 is a stale rule', () => {
    const timers = task({ count: 3 });
    const filtered = applyIgnore(report([server, timers]), [
      { pattern: 'Timer', reason: 'the heartbeat runs for the whole process' },
      'Server',
      'TCPSERVERWRAP',
      'Worker',
    ]);
    expect(filtered.tasks.map((t) => t.suppressed)).toEqual([
      { by: 'Server' },
      { by: 'Timer', reason: 'the heartbeat runs for the whole process' },
    ]);
    expect(filtered.suppression).toEqual({
      rules: [
        { rule: 'Timer', reason: 'the heartbeat runs for the whole process', tasks: 3 },
        { rule: 'Server', tasks: 1 },
        { rule: 'TCPSERVERWRAP', tasks: 0 },
        { rule: 'Worker', tasks: 0 },
      ],
    });
  });

  it('counts a task a rule suppressed before (a merged report) for that rule again', () => {
    const before = applyIgnore(report([server]), ['Server']);
    expect(applyIgnore(before, ['Server', 'Socket']).suppression?.rules).toEqual([
      { rule: 'Server', tasks: 1 },
      { rule: 'Socket', tasks: 0 },
    ]);
  });

  it('leaves a report without rules as it is', () => {
    const input = report([server]);
    expect(applyIgnore(input, [])).toBe(input);
    expect(applyIgnore(input, ['', ' '])).toBe(input);
  });
});
