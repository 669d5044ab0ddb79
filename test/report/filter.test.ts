import { describe, expect, it } from 'vitest';
import { applyIgnore, globToRegExp, isIgnored } from '../../src/report/index.js';
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

  it('matches file globs against the location and every frame', () => {
    expect(isIgnored(server, ['src/**/*.ts'])).toBe(true);
    expect(isIgnored(server, ['scripts/*.js'])).toBe(true);
    expect(isIgnored(server, ['server.ts'])).toBe(true);
    expect(isIgnored(server, ['src/net/'])).toBe(true);
    expect(isIgnored(server, ['./src/net/serve?.ts'])).toBe(true);
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
  it('removes ignored tasks and keeps the rest, without mutating the input', () => {
    const timer = task();
    const input = report([server, timer]);
    const filtered = applyIgnore(input, ['src/net/**']);
    expect(filtered.tasks).toEqual([timer]);
    expect(input.tasks).toHaveLength(2);
    expect(filtered.processes).toEqual(input.processes);
  });
});
