import { describe, expect, it } from 'vitest';
import {
  applyBaseline,
  buildBaseline,
  countFailures,
  formatBaseline,
  merge,
  parseBaseline,
  type Baseline,
} from '../../src/report/index.js';
import { frame, report, task } from './helpers.js';

const jobs = task({
  kind: 'promise',
  type: 'AsyncFunction',
  description: 'async waitForJob()',
  refed: false,
  count: 5,
  unrecorded: 4,
  location: { file: 'src/queue.ts', line: 10, column: 3 },
  stack: [frame('waitForJob', 'src/queue.ts', 10, 3)],
  test: { file: 'test/queue.test.ts', name: 'queue > drains' },
});
const timer = task();
const ignored = task({ type: 'TCPSERVERWRAP', description: 'net.Server', suppressed: { by: 'Server' } });
const run = merge([report([jobs, timer, ignored])]);
const printOf = (t: typeof jobs) => run.tasks.find((r) => r.type === t.type)!.fingerprint!;

describe('buildBaseline', () => {
  it('has one entry per fingerprint of what is not suppressed by a rule, sorted by file, readable', () => {
    const baseline = buildBaseline(run);
    expect(baseline).toEqual({
      version: 1,
      entries: [
        {
          fingerprint: printOf(timer),
          count: 1,
          kind: 'handle/Timeout',
          description: 'setInterval(…, 1000)',
          location: 'src/app.ts:12',
        },
        {
          fingerprint: printOf(jobs),
          count: 5,
          kind: 'promise/AsyncFunction',
          description: 'async waitForJob()',
          location: 'src/queue.ts:10',
          test: 'test/queue.test.ts > queue > drains',
        },
      ],
    });
    expect(formatBaseline(baseline)).toBe(`${JSON.stringify(baseline, null, 2)}\n`);
    expect(parseBaseline(formatBaseline(baseline))).toEqual(baseline);
  });

  it('adds up the tasks of one fingerprint (the same code on two lines)', () => {
    const two = merge([report([timer, { ...timer, location: { ...timer.location!, line: 13 } }])]);
    expect(two.tasks).toHaveLength(2);
    expect(buildBaseline(two).entries.map((e) => [e.count, e.location])).toEqual([[2, 'src/app.ts:12']]);
  });
});

describe('applyBaseline', () => {
  const baseline = (counts: Record<string, number>, more: Baseline['entries'] = []): Baseline => ({
    version: 1,
    entries: [...Object.entries(counts).map(([fingerprint, count]) => ({ fingerprint, count })), ...more],
  });

  it('suppresses up to each count and splits a group with more: a baseline of 3 and 5 now fail on 2', () => {
    const out = applyBaseline(run, baseline({ [printOf(jobs)]: 3, [printOf(timer)]: 1 }));
    expect(out.tasks.map((t) => [t.type, t.count, t.unrecorded, t.suppressed?.by])).toEqual([
      ['AsyncFunction', 2, 1, undefined],
      // Suppressed ones after, by place.
      ['TCPSERVERWRAP', 1, undefined, 'Server'],
      ['Timeout', 1, undefined, 'baseline'],
      ['AsyncFunction', 3, 3, 'baseline'],
    ]);
    expect(countFailures(out, { strict: true })).toBe(2);
    expect(out.suppression?.baseline).toEqual({ known: 4, gone: [], fewer: [] });
  });

  it('names the entries that are gone and those with fewer tasks now', () => {
    const gone = { fingerprint: 'feedfacefeedface', count: 2, description: 'async fixed()', location: 'src/old.ts:3' };
    const out = applyBaseline(run, baseline({ [printOf(jobs)]: 9 }, [gone]));
    expect(countFailures(out, { strict: false })).toBe(1);
    expect(out.suppression?.baseline).toEqual({
      known: 5,
      gone: [gone],
      fewer: [{ fingerprint: printOf(jobs), count: 9, now: 5 }],
    });
  });

  it('judges again what a baseline suppressed before (a merged report)', () => {
    const once = applyBaseline(run, baseline({ [printOf(jobs)]: 5 }));
    const again = applyBaseline(merge([once]), baseline({ [printOf(jobs)]: 1 }));
    expect(again.tasks.filter((t) => t.type === 'AsyncFunction').map((t) => [t.count, t.suppressed?.by])).toEqual([
      [4, undefined],
      [1, 'baseline'],
    ]);
  });
});

describe('parseBaseline', () => {
  it.each([
    ['{', /^invalid JSON/],
    ['[]', /^expected an object$/],
    ['{"version":2,"entries":[]}', /^unknown baseline version 2 \(this lingering reads 1\)$/],
    ['{"version":1}', /^"entries" must be an array$/],
    ['{"version":1,"entries":[{"count":1}]}', /^entry 1 has no "fingerprint"$/],
    ['{"version":1,"entries":[{"fingerprint":"a","count":1.5}]}', /^entry 1 \(a\) must have a "count" of 1 or more$/],
  ])('%s: %s', (text, message) => {
    const parsed = parseBaseline(text);
    expect('error' in parsed && parsed.error).toMatch(message);
  });
});
