import { describe, expect, it } from 'vitest';
import { formatSummaryTable, formatText, stripAnsi } from '../../src/report/index.js';
import type { Task } from '../../src/report/index.js';
import { proc, readGoldenReport, report, task } from './helpers.js';

describe('formatText', () => {
  it('is one line when clean, with worker threads counted apart from processes', () => {
    expect(formatText(report([], [proc(1), proc(2)]), { color: false, width: 80 })).toBe(
      'lingering: no lingering tasks (2 processes checked)\n',
    );
    expect(formatText(report([], [proc(1), proc(2), proc(2, { threadId: 1 })]), { color: false, width: 80 })).toBe(
      'lingering: no lingering tasks (2 processes, 1 worker thread checked)\n',
    );
  });

  it('colours error headlines red, warning headlines yellow and stacks dim, only when asked', () => {
    const mixed = readGoldenReport('mixed');
    const colored = formatText(mixed, { color: true, width: 100 });
    expect(colored).toContain('\u001b[31merror: Server was still pending at exit!\u001b[39m');
    expect(colored).toContain('\u001b[33mwarning: Timer was still pending at exit!\u001b[39m');
    expect(colored).toContain('  \u001b[2m  at start (src/server.ts:40:9)\u001b[22m');
    expect(stripAnsi(colored)).toBe(formatText(mixed, { color: false, width: 100 }));
    expect(formatText(mixed, { color: false, width: 100 })).not.toContain('\u001b');
  });

  it('fits the table to the width by dropping and wrapping columns, never cutting a description', () => {
    const long = task({ description: `connect to ${'host '.repeat(30)}at last` });
    const out = formatText(report([long]), { color: false, width: 60 });
    const tableLines = out.split('\n').filter((line) => /^[┌│└├]/.test(line));
    for (const line of tableLines) expect(Array.from(line).length).toBeLessThanOrEqual(60);
    // kind/type is dropped first (the block above says it); the description wraps, whole.
    expect(tableLines[1]).toMatch(/^│ severity │ description +│ count │ location +│$/);
    const cells = tableLines.slice(3, -1).map((line) => line.split('│')[2]!.trim());
    expect(cells.join(' ')).toBe(long.description);
    expect(out).toContain('src/app.ts:12 │');
  });

  it('lists every frame and pid only when verbose', () => {
    const frames = Array.from({ length: 12 }, (_, i) => ({
      function: `f${i}`,
      file: 'src/a.ts',
      line: i + 1,
      column: 1,
    }));
    const pids = Array.from({ length: 10 }, (_, i) => 200 + i);
    const many = task({ stack: frames, pids, count: 10 });
    const short = formatText(
      report(
        [many],
        pids.map((pid) => proc(pid)),
      ),
      { color: false, width: 100 },
    );
    expect(short).toContain('×10 [pids 200, 201, 202, 203, 204, 205, 206, 207, … +2]\n');
    expect(short).toContain('    at f9 (src/a.ts:10:1)\n    … 2 more frames\n');
    const verbose = formatText(
      report(
        [many],
        pids.map((pid) => proc(pid)),
      ),
      { color: false, width: 100, verbose: true },
    );
    expect(verbose).toContain('[pids 200, 201, 202, 203, 204, 205, 206, 207, 208, 209]\n');
    expect(verbose).toContain('    at f11 (src/a.ts:12:1)\n');
  });

  it('names a process that left no report even when no task was found', () => {
    const out = formatText(
      report(
        [],
        [
          proc(7),
          proc(8, {
            argv: ['/usr/bin/node', 'x.js'],
            missingReport: true,
            exit: { reason: 'signal', code: null, signal: 'SIGKILL' },
          }),
        ],
      ),
      { color: false, width: 80 },
    );
    expect(out).toBe(
      'lingering: no lingering tasks (2 processes checked; 1 could not report)\n\npid 8 (node x.js) exited without a report (killed by SIGKILL?)\n',
    );
  });

  it('says how many awaits had no stack, in one line for every process and thread, and how many of a count', () => {
    const unrecorded = { unrecordedAwaits: 27, exit: { reason: 'natural', code: 0, signal: null } } as const;
    const processes = [
      proc(7, { ...unrecorded, argv: ['node', 'a.js'] }),
      proc(8, { ...unrecorded, argv: ['node', 'b.js'] }),
      proc(8, { ...unrecorded, argv: ['node', 'c.js'], threadId: 1, unrecordedAwaits: 1 }),
    ];
    const out = formatText(report([task({ pids: [7], count: 100, unrecorded: 97 })], processes), {
      color: false,
      width: 200,
    });
    expect(out).toContain('97 of 100 counted here without a stack of their own (sampled)');
    // Tasks may hide among them: said for processes without reported tasks too.
    expect(out.split('\n').filter((line) => line.includes('no stack'))).toEqual([
      '2 processes and 1 worker thread had 55 awaits still waiting that had no stack (past the capture budget); LINGERING_PROMISES=all records every one',
    ]);
    // One process is named.
    const one = formatText(report([], processes.slice(0, 1)), { color: false, width: 200 });
    expect(one.split('\n')[2]).toBe(
      'pid 7 (node a.js) had 27 awaits still waiting that had no stack (past the capture budget); LINGERING_PROMISES=all records every one',
    );
  });

  it('speaks of the stop of a process only for what it still had at exit, not for per-test findings', () => {
    const stopped = proc(7, { exit: { reason: 'signal', code: null, signal: 'SIGTERM' }, runner: 'vitest' });
    const atExit = task({ pids: [7] });
    const perTest = task({ pids: [7], perTest: true, test: { file: 'a.test.ts', name: 'starts', line: 3 } });
    const statuses = (tasks: Task[]): string[] =>
      formatText(report(tasks, [stopped]), { color: false, width: 200 })
        .split('\n')
        .filter((line) => line.includes("ref'd") || line.startsWith('pid'));
    expect(statuses([perTest])).toEqual(["      ref'd: it keeps the process alive"]);
    expect(statuses([atExit])).toEqual([
      "  ref'd: it would have kept the process alive, had it not been stopped",
      'pid 7 (node app.js) still had them pending when vitest stopped its worker (SIGTERM)',
    ]);
  });

  it('leaves out a process stopped by a signal that had nothing pending (a runner’s idle worker)', () => {
    const stopped = { exit: { reason: 'signal', code: null, signal: 'SIGTERM' } } as const;
    const out = formatText(report([task({ pids: [7] })], [proc(7, stopped), proc(8, stopped)]), {
      color: false,
      width: 200,
    });
    expect(out).toContain('pid 7 (node app.js) was stopped by SIGTERM');
    expect(out).not.toContain('pid 8');
  });
});

describe('formatSummaryTable', () => {
  it('emits no ANSI without colour', () => {
    const out = formatSummaryTable(readGoldenReport('mixed'), { color: false, width: 100 });
    expect(out).not.toContain('\u001b');
    expect(out.split('\n')[1]).toBe(
      '│ severity │ description                                                │ count │ location         │',
    );
  });
});
