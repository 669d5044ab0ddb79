// --per-test works through a runner's own hooks at each test's end. Under a runner lingering does
// not hook (vitest 3, jest-jasmine, ava, tap, ...) it silently checks nothing more: say so, once.
import type { Report } from '../report/index.js';

/** Runners whose preload adapter checks each test at its end (src/preload/runners/*.ts). */
const CHECKED = new Set(['vitest', 'jest', 'node:test', 'mocha']);
const SUPPORTED = 'vitest 4-5, jest 29-30, node:test, mocha 10-12';

/** One line when no process ran its tests under a runner whose tests can be checked, else null. */
export function perTestNote(report: Report): string | null {
  const runners = new Set(report.processes.flatMap((p) => (p.runner === undefined ? [] : [p.runner])));
  if ([...runners].some((runner) => CHECKED.has(runner))) return null;
  if (runners.has('ava')) {
    return `--per-test had no effect: lingering does not check ava's tests one by one (it does under ${SUPPORTED})`;
  }
  return `--per-test had no effect: no process ran tests under a runner lingering knows (${SUPPORTED})`;
}
