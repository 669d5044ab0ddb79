// Memory follows the work still pending, not all the work ever started (a promise of the README):
// after 1M awaited promises and 50k timers have all settled, lingering's tables are nearly empty.
// bench/workloads/settle-10m.mjs does the full 10M / 200k when run without SETTLE_* set.
import { describe, expect, it } from 'vitest';
import { runFixture, summarize } from '../helpers/run-preload.js';

const WORKLOAD = 'bench/workloads/settle-10m.mjs';
const PROMISES = 1_000_000;
const TIMERS = 50_000;
/** What may legitimately remain: internals that settle after the last user code ran. */
const SMALL = 16;

interface Tables {
  handles: number;
  promises: number;
}
interface Settled {
  during: Tables;
  after: Tables;
  sum: number;
  timers: number;
  maxRssMb: number;
}

describe.each(['tasks', 'all', 'off'])('LINGERING_PROMISES=%s', (mode) => {
  it(`keeps its tables small once ${PROMISES} promises and ${TIMERS} timers have settled`, async () => {
    const run = await runFixture(WORKLOAD, {
      env: { LINGERING_PROMISES: mode, SETTLE_PROMISES: String(PROMISES), SETTLE_TIMERS: String(TIMERS) },
      // The build with the table-size hook.
      testHooks: true,
      timeoutMs: 60_000,
    });
    // Exit code 3 with a message on stderr: the preload does not expose globalThis[Symbol.for('lingering.tables')]
    // (only the test build, .tmp/test-preload, does).
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '') as Settled;
    expect(result.sum).toBe(PROMISES / 2);
    expect(result.timers).toBe(TIMERS);

    // While 1,000 async functions await a pending promise and 100 timers are pending, the tables
    // count them (so that the check below cannot pass by counting nothing).
    expect(result.during.handles).toBeGreaterThanOrEqual(100);
    if (mode !== 'off') expect(result.during.promises).toBeGreaterThanOrEqual(1_000);

    expect(result.after.handles).toBeLessThanOrEqual(SMALL);
    expect(result.after.promises).toBeLessThanOrEqual(SMALL);
    // Everything settled: nothing to report either.
    expect(run.report?.tasks ?? [], summarize(run.report)).toEqual([]);
  }, 90_000);
});
