// Huge numbers of pending tasks and a very deep await chain: the report is grouped, comes out in
// seconds and stays within a bounded multiple of the program's own memory. Slow: run once in CI
// (the vitest project "slow"), not on every Node version.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertEquivalent, runFixture, runPair } from '../equivalence/helpers.js';
import { reportsIn } from '../helpers/reports.js';

/** Prints a plain run's peak memory at exit. */
const MAX_RSS = fileURLToPath(new URL('../equivalence/print-max-rss.cjs', import.meta.url));
// Performance is measured by the bench; this only catches a report that never finishes.
const HUGE_LIMIT_MS = 60_000;

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'lingering-size-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe.concurrent('hostile: size', () => {
  it(
    '100,000 pending async functions and 10,000 timers: a grouped report on stderr',
    { timeout: 2 * HUGE_LIMIT_MS },
    async () => {
      const pair = await runPair('hostile-many-tasks.mjs', { killAfterMs: HUGE_LIMIT_MS + 10_000 });
      assertEquivalent(pair, { report: 'report', exit: { code: 0 }, stdoutHas: ['created'] });
      expect(pair.preloaded.ms, 'time to exit, ms').toBeLessThan(HUGE_LIMIT_MS);
      const stderr = pair.preloaded.stderr;
      // Grouped: one entry with a count each, not 110,000 entries.
      expect(stderr.length, 'report size, characters').toBeLessThan(16 * 1024);
      expect(stderr).toContain('lingering: 110000 tasks still pending in 1 process (110000 errors)');
      expect(stderr).toMatch(/^error: Task is still pending at exit! ×100000$/m);
      expect(stderr).toMatch(/^error: Timer was still pending at exit! ×10000$/m);
      // Most were counted without a stack of their own (README "Cost"), and the report says so.
      expect(stderr).toMatch(/ \d+ of 100000 counted here without a stack of their own \(sampled\)/);
      expect(stderr).toContain('called at fixtures/equivalence/hostile-many-tasks.mjs:7:35');
      expect(stderr).toContain('created at fixtures/equivalence/hostile-many-tasks.mjs:8:34');
    },
  );

  it(
    '100,000 pending async functions and 10,000 timers: grouped in the JSON report',
    { timeout: 2 * HUGE_LIMIT_MS },
    async () => {
      const dir = await mkdtemp(join(scratch, 'huge-'));
      const pair = await runPair('hostile-many-tasks.mjs', {
        env: { LINGERING_REPORT_DIR: dir },
        killAfterMs: HUGE_LIMIT_MS + 10_000,
      });
      assertEquivalent(pair, { report: 'any', exit: { code: 0 } });
      const reports = await reportsIn(dir);
      const tasks = reports.flatMap((report) => report.tasks);
      expect(
        tasks.map((task) => [task.kind, task.type, task.count, task.location?.line]),
        'one entry per creation site',
      ).toEqual([
        ['promise', 'AsyncFunction', 100_000, 7],
        ['handle', 'Timeout', 10_000, 8],
      ]);
      // The first 2000 awaits and timers get a stack; after that 1 in 4096 awaits (plus 1 a ms),
      // 1 in 256 timers; the others are counted with the site their recorded peers belong to.
      const [awaited, timers] = tasks;
      expect(awaited!.unrecorded).toBeGreaterThan(90_000);
      expect(awaited!.unrecorded).toBeLessThan(98_000);
      expect(timers!.unrecorded).toBeGreaterThan(7_900);
      expect(timers!.unrecorded).toBeLessThan(8_000);
      expect(reports[0]!.processes[0]!.unrecordedAwaits).toBeUndefined();
    },
  );

  it(
    'one million pending async functions and 100,000 timers: grouped, in seconds, memory bounded',
    { timeout: 3 * HUGE_LIMIT_MS },
    async () => {
      const dir = await mkdtemp(join(scratch, 'million-'));
      const [pair, plainPeak] = await Promise.all([
        runPair('hostile-million-tasks.mjs', {
          env: { LINGERING_REPORT_DIR: dir, NODE_DEBUG: 'lingering' },
          killAfterMs: HUGE_LIMIT_MS + 10_000,
        }),
        runFixture('hostile-million-tasks.mjs', { nodeArgs: ['--require', MAX_RSS], killAfterMs: HUGE_LIMIT_MS }),
      ]);
      assertEquivalent(pair, { report: 'any', exit: { code: 0 }, stdoutHas: ['created'] });
      const tasks = (await reportsIn(dir)).flatMap((report) => report.tasks);
      expect(tasks.map((task) => [task.kind, task.type, task.count, task.location?.line])).toEqual([
        ['promise', 'AsyncFunction', 1_000_000, 8],
        ['handle', 'Timeout', 100_000, 9],
      ]);
      const cost = /^LINGERING \d+: report of 1100000 tasks in 2 entries built in (\d+) ms; max RSS (\d+) MB$/m.exec(
        pair.preloaded.stderr,
      );
      expect(cost, pair.preloaded.stderr).not.toBeNull();
      const plainRss = Number(/^max RSS (\d+) MB$/m.exec(plainPeak.stderr)?.[1]);
      // Measured (2 cores, Node 20/22/24): built in 1.4-1.9 s, peak 1.7-1.8x a plain run's (a bare
      // async_hooks init hook alone is ~1.4x). These bounds catch a quadratic step or a table that
      // grows with every await; the bench measures the rest.
      expect(Number(cost![1]), 'report built in, ms').toBeLessThan(20_000);
      expect(Number(cost![2]) / plainRss, `peak RSS ${cost![2]} MB vs plain ${plainRss} MB`).toBeLessThan(2.2);
    },
  );

  it('a chain of 2,000 awaiting async functions', { timeout: 2 * HUGE_LIMIT_MS }, async () => {
    const pair = await runPair('hostile-deep-chain.mjs', { killAfterMs: HUGE_LIMIT_MS + 10_000 });
    assertEquivalent(pair, { report: 'report', exit: { code: 0 }, stdoutHas: ['chained'] });
    expect(pair.preloaded.ms, 'time to exit, ms').toBeLessThan(HUGE_LIMIT_MS);
    // One chain, not its levels as copies of one task (their truncated stacks are all alike).
    expect(pair.preloaded.stderr).toContain('lingering: 1 task still pending in 1 process (1 error)');
  });
});
