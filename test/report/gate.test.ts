import { describe, expect, it } from 'vitest';
import { countFailures, summarize } from '../../src/report/index.js';
import { proc, report, task } from './helpers.js';

const sample = report(
  [
    task({ count: 3 }),
    task({ kind: 'promise', type: 'AsyncFunction', refed: false, count: 2 }),
    task({ severity: 'warning', refed: false, count: 4 }),
  ],
  [proc(1), proc(2), proc(2, { threadId: 1 })],
);

describe('gate', () => {
  it('counts errors only unless strict', () => {
    expect(countFailures(sample, { strict: false })).toBe(5);
    expect(countFailures(sample, { strict: true })).toBe(9);
  });

  it('counts nothing for a clean report', () => {
    expect(countFailures(report([]), { strict: true })).toBe(0);
  });

  it('summarizes counts, distinct processes and worker threads', () => {
    expect(summarize(sample)).toEqual({
      errors: 5,
      warnings: 4,
      processes: 2,
      threads: 1,
      unreported: 0,
      suppressed: 0,
    });
  });

  it('counts the processes and threads that left no report', () => {
    const missing = { missingReport: true, exit: { reason: 'missing', code: null, signal: null } } as const;
    const withMissing = report([], [proc(1), proc(2, missing), proc(1, { ...missing, threadId: 2 })]);
    expect(summarize(withMissing)).toMatchObject({ processes: 2, threads: 1, unreported: 2 });
  });

  it('never counts a suppressed task, whatever its severity', () => {
    const suppressed = report([
      task({ count: 3, suppressed: { by: 'Timer' } }),
      task({ severity: 'warning', refed: false, count: 4, suppressed: { by: 'baseline' } }),
      task({ count: 2 }),
    ]);
    expect(countFailures(suppressed, { strict: true })).toBe(2);
    expect(summarize(suppressed)).toMatchObject({ errors: 2, warnings: 0, suppressed: 7 });
  });
});
