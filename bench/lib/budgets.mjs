// The budgets of the benchmarks issue, checked on lingering's defaults.
import { WORKLOADS } from './workloads.mjs';

const fmt = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
/** A ratio next to its limit, with the decimals (2 to 4) that tell them apart: a miss by 0.1% must not print as
 * the limit itself. */
const near = (x, limit) => {
  for (const digits of [2, 3, 4]) if (fmt(x, digits) !== fmt(limit, digits)) return fmt(x, digits);
  return fmt(x, 2);
};
const id = (name) => WORKLOADS.find((w) => w.name === name)?.id ?? '?';

/** @param rows every summary row, all workloads */
export function checkBudgets(rows) {
  const get = (workload, variant) => rows.find((r) => r.workload.name === workload && r.variant.id === variant);
  const results = [];
  const check = (name, needs, test) => {
    const missing = needs.filter(([w, v]) => !get(w, v));
    if (missing.length) {
      return results.push({
        name,
        status: 'SKIP',
        detail: `not measured: ${missing.map(([w, v]) => `${w}/${v}`).join(', ')}`,
      });
    }
    const broken = needs.filter(([w, v]) => !get(w, v).ok);
    if (broken.length) {
      return results.push({
        name,
        status: 'FAIL',
        detail: `crashed or wrong output: ${broken.map(([w, v]) => `${w}/${v}`).join(', ')}`,
      });
    }
    const { pass, detail } = test();
    results.push({ name, status: pass ? 'PASS' : 'FAIL', detail });
  };
  const ratioBudget = (workload, limit) =>
    check(
      `(${id(workload)}) ${workload}: lingering <= ${limit}x plain`,
      [
        [workload, 'plain'],
        [workload, 'lingering'],
      ],
      () => {
        const r = get(workload, 'lingering').ratio.median;
        return { pass: r <= limit, detail: `${near(r, limit)}x (median of per-round ratios)` };
      },
    );

  check(
    '(a) promises: lingering <= bare-hook ratio x 1.3',
    [
      ['promises', 'plain'],
      ['promises', 'lingering'],
      ['promises', 'bare-hook'],
    ],
    () => {
      const r = get('promises', 'lingering').ratio.median;
      const floor = get('promises', 'bare-hook').ratio.median;
      return {
        pass: r <= floor * 1.3,
        detail: `${near(r, floor * 1.3)}x vs limit ${near(floor * 1.3, r)}x (bare hook ${fmt(floor)}x)`,
      };
    },
  );
  ratioBudget('timers', 1.5);
  ratioBudget('deadlines', 1.5);
  ratioBudget('http', 1.3);
  ratioBudget('fs', 1.3);
  check(
    '(e) startup: lingering <= plain + 10 ms',
    [
      ['startup', 'plain'],
      ['startup', 'lingering'],
    ],
    () => {
      const extra = get('startup', 'lingering').medianMs - get('startup', 'plain').medianMs;
      return {
        pass: extra <= 10,
        detail: `+${fmt(extra, 1)} ms (${fmt(get('startup', 'lingering').medianMs, 1)} vs ${fmt(get('startup', 'plain').medianMs, 1)} ms median)`,
      };
    },
  );
  ratioBudget('suite', 1.2);
  check(
    '(f) suite: lingering --per-test <= 1.3x plain',
    [
      ['suite', 'plain'],
      ['suite', 'lingering-per-test'],
    ],
    () => {
      const r = get('suite', 'lingering-per-test').ratio.median;
      return { pass: r <= 1.3, detail: `${near(r, 1.3)}x (median of per-round ratios)` };
    },
  );
  check(
    '(f) suite: both modes at least 2x faster than vitest --detectAsyncLeaks',
    [
      ['suite', 'lingering'],
      ['suite', 'lingering-per-test'],
      ['suite', 'vitest-detect'],
    ],
    () => {
      const detect = get('suite', 'vitest-detect').medianMs;
      const l = get('suite', 'lingering').medianMs;
      const p = get('suite', 'lingering-per-test').medianMs;
      return {
        pass: detect >= 2 * l && detect >= 2 * p,
        detail: `vitest --detectAsyncLeaks ${fmt(detect, 0)} ms = ${fmt(detect / l)}x lingering, ${fmt(detect / p)}x --per-test (medians)`,
      };
    },
  );
  for (const workload of [...new Set(rows.map((r) => r.workload.name))]) {
    check(
      `(${id(workload)}) ${workload}: lingering peak RSS <= 1.3x plain`,
      [
        [workload, 'plain'],
        [workload, 'lingering'],
      ],
      () => {
        const row = get(workload, 'lingering');
        return {
          pass: row.rssRatio <= 1.3,
          detail: `${near(row.rssRatio, 1.3)}x (${fmt(row.rssMb, 0)} MB vs ${fmt(get(workload, 'plain').rssMb, 0)} MB)`,
        };
      },
    );
  }
  for (const workload of [...new Set(rows.map((r) => r.workload.name))]) {
    check(
      `(${id(workload)}) ${workload}: lingering faster than why-is-node-running and jest-style`,
      [
        [workload, 'lingering'],
        [workload, 'why-is-node-running'],
        [workload, 'jest-style'],
      ],
      () => {
        const l = get(workload, 'lingering').medianMs;
        const w = get(workload, 'why-is-node-running').medianMs;
        const j = get(workload, 'jest-style').medianMs;
        return {
          pass: l < w && l < j,
          detail: `${fmt(l, 0)} ms vs why-is-node-running ${fmt(w, 0)} ms, jest-style ${fmt(j, 0)} ms (medians)`,
        };
      },
    );
  }
  return results;
}
