import { describe, expect, it } from 'vitest';
import { merge } from '../../src/report/index.js';
import type { Report, Task } from '../../src/report/index.js';
import { frame, proc, readGoldenReport, report, task } from './helpers.js';

const timer = (pid: number, extra: Partial<Task> = {}): Task => task({ pids: [pid], ...extra });

describe('merge', () => {
  it('groups identical tasks across reports: sums counts, unions pids, keeps the youngest age', () => {
    const merged = merge([
      report([timer(300, { ageMs: 900, count: 2 })], [proc(300)]),
      report([timer(100, { ageMs: 400 })], [proc(100)]),
      report([timer(200, { ageMs: 700 })], [proc(200)]),
    ]);
    expect(merged.tasks).toHaveLength(1);
    expect(merged.tasks[0]!.count).toBe(4);
    expect(merged.tasks[0]!.pids).toEqual([100, 200, 300]);
    expect(merged.tasks[0]!.ageMs).toBe(400);
    expect(merged.processes.map((p) => p.pid)).toEqual([100, 200, 300]);
  });

  it('groups identical tasks within one report', () => {
    const merged = merge([report([timer(100), timer(100), timer(100)])]);
    expect(merged.tasks.map((t) => [t.count, t.pids])).toEqual([[3, [100]]]);
  });

  it('sums how many of each count had no stack of their own', () => {
    const merged = merge([
      report([timer(100, { count: 10, unrecorded: 7 })], [proc(100)]),
      report([timer(200, { count: 5 })], [proc(200)]),
      report([timer(300, { count: 4, unrecorded: 3 })], [proc(300)]),
    ]);
    expect(merged.tasks.map((t) => [t.count, t.unrecorded])).toEqual([[19, 10]]);
    expect(merge([report([timer(100), timer(100)])]).tasks[0]).not.toHaveProperty('unrecorded');
  });

  // Each field of the grouping key on its own: removing any one of them from taskKey() fails here.
  it.each<[string, Partial<Task>]>([
    ['kind', { kind: 'promise' }],
    ['type', { type: 'Immediate' }],
    ['state', { state: 'destroyed' }],
    ['severity', { severity: 'warning' }],
    ['refed', { refed: false }],
    ['description', { description: 'setInterval(…, 2000)' }],
    ['location', { location: { file: 'src/app.ts', line: 12, column: 6 } }],
    ['a stack frame', { stack: [...timer(100).stack, frame('main', 'src/app.ts', 30, 3)] }],
  ])('keeps two tasks apart when only their %s differs', (_field, change) => {
    const base = timer(100);
    const merged = merge([report([base, { ...base, ...change }, base])]);
    expect(merged.tasks.map((t) => t.count).sort()).toEqual([1, 2]);
  });

  it('sorts errors first, then by file, line, column, type and description', () => {
    const at = (file: string, line: number, column: number) => ({ file, line, column });
    const merged = merge([
      report([
        timer(100, { severity: 'warning', refed: false, location: at('a.ts', 1, 1) }),
        timer(100, { location: at('b.ts', 2, 1) }),
        timer(100, { location: null, stack: [] }),
        timer(100, { location: at('b.ts', 10, 1) }),
        timer(100, { location: at('b.ts', 2, 1), type: 'Immediate' }),
        timer(100, { location: at('a.ts', 5, 9) }),
        timer(100, { location: at('a.ts', 5, 3), description: 'z' }),
        timer(100, { location: at('a.ts', 5, 3), description: 'a' }),
      ]),
    ]);
    expect(
      merged.tasks.map(
        (t) =>
          `${t.severity} ${t.location ? `${t.location.file}:${t.location.line}:${t.location.column}` : '-'} ${t.type} ${t.description}`,
      ),
    ).toEqual([
      'error a.ts:5:3 Timeout a',
      'error a.ts:5:3 Timeout z',
      'error a.ts:5:9 Timeout setInterval(…, 1000)',
      'error b.ts:2:1 Immediate setInterval(…, 1000)',
      'error b.ts:2:1 Timeout setInterval(…, 1000)',
      'error b.ts:10:1 Timeout setInterval(…, 1000)',
      'error - Timeout setInterval(…, 1000)',
      'warning a.ts:1:1 Timeout setInterval(…, 1000)',
    ]);
  });

  it('gives the same output whatever the order of its input', () => {
    const a = report([timer(100), task({ type: 'Immediate', pids: [100] })], [proc(100)]);
    const b = report([timer(200, { ageMs: 5 })], [proc(200, { threadId: 1 }), proc(200)]);
    const c = report([task({ kind: 'promise', type: 'AsyncFunction', pids: [300] })], [proc(300)]);
    const expected = JSON.stringify(merge([a, b, c]));
    expect(JSON.stringify(merge([c, b, a]))).toBe(expected);
    expect(JSON.stringify(merge([b, c, a]))).toBe(expected);
    expect(merge([a, b, c]).processes.map((p) => `${p.pid}/${p.threadId ?? 0}`)).toEqual([
      '100/0',
      '200/0',
      '200/1',
      '300/0',
    ]);
  });

  it('merges chains recursively by the same key', () => {
    const inner = (pid: number, ageMs: number): Task =>
      task({
        description: 'setTimeout(…, 5000)',
        location: { file: 'src/ready.ts', line: 6, column: 5 },
        pids: [pid],
        ageMs,
      });
    const fn = (pid: number, chain: Task[]): Task =>
      task({
        kind: 'promise',
        type: 'AsyncFunction',
        description: 'async function waitForReady()',
        refed: false,
        pids: [pid],
        chain,
      });
    const extra = task({
      type: 'TCPWRAP',
      description: 'net.Socket',
      location: { file: 'src/ready.ts', line: 9, column: 1 },
      pids: [2],
    });
    const merged = merge([
      report([fn(1, [inner(1, 50)])], [proc(1)]),
      report([fn(2, [inner(2, 20), extra])], [proc(2)]),
    ]);
    expect(merged.tasks).toHaveLength(1);
    const [only] = merged.tasks;
    expect(only!.count).toBe(2);
    expect(only!.chain.map((t) => [t.description, t.count, t.pids, t.ageMs])).toEqual([
      ['setTimeout(…, 5000)', 2, [1, 2], 20],
      ['net.Socket', 1, [2], undefined],
    ]);
  });

  it('does not mutate its input', () => {
    const input = [
      report([timer(100, { chain: [timer(100)] })], [proc(100)]),
      report([timer(200, { chain: [timer(200)] })], [proc(200)]),
    ];
    const before = structuredClone(input);
    const merged = merge(input);
    merged.tasks[0]!.pids.push(999);
    merged.tasks[0]!.chain[0]!.count = 42;
    merged.processes[0]!.argv.push('x');
    expect(input).toEqual(before);
  });

  it('fills empty pids from a single-process report and dedupes the same thread listed twice', () => {
    const merged = merge([report([timer(0, { pids: [] })], [proc(100, { missingReport: true }), proc(100)])]);
    expect(merged.tasks[0]!.pids).toEqual([100]);
    expect(merged.processes).toEqual([proc(100)]);
  });

  it('is idempotent', () => {
    const once = merge([report([timer(100), timer(100)]), report([timer(200)], [proc(200)])]);
    expect(merge([once])).toEqual(once);
  });

  it('turns three per-process reports plus a missing one into the merged golden report', () => {
    const golden = readGoldenReport('merged-multi-process');
    const [socket] = golden.tasks as [Task];
    const perProcess: Report[] = [6003, 6001, 6002].map((pid, i) => ({
      version: 1,
      processes: golden.processes.filter((p) => p.pid === pid),
      tasks: [{ ...socket, count: 1, pids: [pid], ageMs: 412 + i * 10 }],
    }));
    const parentAndMissing: Report = {
      version: 1,
      processes: golden.processes.filter((p) => p.pid === 6000 || p.pid === 6004),
      tasks: [],
    };
    expect(merge([...perProcess, parentAndMissing])).toEqual(golden);
  });
});
