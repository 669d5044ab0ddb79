// The bench's budget lines: a ratio that misses its limit by a hair is printed with the decimals that
// show it (1.201x against 1.2x), not as the limit itself next to FAIL.
import { describe, test } from 'vitest';
// @ts-expect-error: the bench is plain JavaScript without declarations.
import { checkBudgets } from '../../bench/lib/budgets.mjs';

interface Result {
  name: string;
  status: string;
  detail: string;
}

function row(workload: string, variant: string, ratio: number, rssRatio = 1) {
  return {
    workload: { name: workload },
    variant: { id: variant },
    ok: true,
    ratio: { median: ratio },
    rssMb: 60,
    rssRatio,
    medianMs: 100 * ratio,
  };
}

function budgets(suite: number, httpRss: number): Result[] {
  return checkBudgets([
    row('suite', 'plain', 1),
    row('suite', 'lingering', suite),
    row('http', 'plain', 1),
    row('http', 'lingering', 1.25, httpRss),
  ]) as Result[];
}

const line = (results: Result[], name: string) => results.find((r) => r.name === name);

describe('bench budgets', () => {
  test('a miss by 0.1% shows its third decimal; a clear pass keeps two', ({ expect }) => {
    const results = budgets(1.2007, 1.3004);
    expect(line(results, '(f) suite: lingering <= 1.2x plain')).toMatchObject({
      status: 'FAIL',
      detail: '1.201x (median of per-round ratios)',
    });
    expect(line(results, '(c) http: lingering peak RSS <= 1.3x plain')).toMatchObject({
      status: 'FAIL',
      detail: expect.stringMatching(/^1\.3004x /),
    });
    expect(line(results, '(c) http: lingering <= 1.3x plain')).toMatchObject({
      status: 'PASS',
      detail: expect.stringMatching(/^1\.25x /),
    });
  });

  test('a ratio at the limit passes', ({ expect }) => {
    expect(line(budgets(1.2, 1.3), '(f) suite: lingering <= 1.2x plain')).toMatchObject({
      status: 'PASS',
      detail: '1.20x (median of per-round ratios)',
    });
  });
});
