import { describe, expect, it } from 'vitest';
import { fingerprint, merge } from '../../src/report/index.js';
import { frame, report, task } from './helpers.js';

const server = task({
  type: 'TCPSERVERWRAP',
  description: 'net.Server listening on 127.0.0.1:40123',
  location: { file: 'src/net/server.ts', line: 21, column: 10 },
  stack: [frame('Server.listen', 'src/net/server.ts', 21, 10), frame('bootstrap', 'scripts/start.js', 4, 1)],
  test: { file: 'test/net.test.ts', name: 'net > listens', line: 3 },
});

describe('fingerprint', () => {
  it('is 16 hex digits', () => {
    expect(fingerprint(server)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('ignores what changes between runs: lines, columns, pids, ports, ages, counts, severity', () => {
    const shifted = {
      ...server,
      description: 'net.Server listening on [::]:5555',
      location: { file: 'src/net/server.ts', line: 30, column: 2 },
      stack: [frame('Server.listen', 'src/net/server.ts', 30, 2), frame('bootstrap', 'scripts/start.js', 9, 7)],
      test: { ...server.test!, line: 12 },
      pids: [4242],
      ageMs: 12345,
      count: 7,
      severity: 'warning' as const,
      refed: false,
      hint: 'other words',
    };
    expect(fingerprint(shifted)).toBe(fingerprint(server));
  });

  it('keeps a file outside the root (an absolute path) by its name, so checkouts agree', () => {
    const outside = (root: string) =>
      task({ location: null, stack: [frame('helper', `${root}/shared/helper.js`, 3), frame('main', 'src/app.ts', 1)] });
    expect(fingerprint(outside('/home/ci/work'))).toBe(fingerprint(outside('/Users/me/src')));
    expect(fingerprint(outside('C:\\build'))).toBe(fingerprint(outside('/home/ci/work')));
  });

  it('tells apart what identifies the leak: type, what made it, functions, files, test', () => {
    const variants = [
      server,
      { ...server, type: 'PIPESERVERWRAP' },
      { ...server, description: 'http.Server listening on 127.0.0.1:40123' },
      { ...server, stack: [frame('Server.listen', 'src/net/server.ts', 21, 10), frame('main', 'scripts/start.js', 4)] },
      { ...server, stack: [frame('Server.listen', 'src/net/server.ts', 21, 10)] },
      { ...server, location: { file: 'src/net/other.ts', line: 21, column: 10 } },
      { ...server, test: { ...server.test!, name: 'net > listens twice' } },
      { ...server, test: { ...server.test!, hook: 'beforeAll' as const } },
      { ...server, test: undefined },
    ];
    expect(new Set(variants.map(fingerprint)).size).toBe(variants.length);
    const timer = task({ description: 'setTimeout(…, 500)' });
    expect(fingerprint(timer)).not.toBe(fingerprint({ ...timer, description: 'setInterval(…, 500)' }));
    expect(fingerprint(timer)).toBe(fingerprint({ ...timer, description: 'setTimeout(…, 30000)' }));
    const fn = task({ kind: 'promise', type: 'AsyncFunction', description: 'async waitForReady()' });
    expect(fingerprint(fn)).not.toBe(fingerprint({ ...fn, description: 'async waitForJob()' }));
  });

  it('is set by merge() on every task of a report, also on a per-process one', () => {
    const merged = merge([report([server, task()])]);
    expect(merged.tasks.map((t) => t.fingerprint)).toEqual([fingerprint(task()), fingerprint(server)]);
    // Computed again, never trusted from the input.
    expect(merge([report([{ ...server, fingerprint: 'stale' }])]).tasks[0]!.fingerprint).toBe(fingerprint(server));
  });
});
