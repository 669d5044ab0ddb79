// --baseline / --update-baseline on real runs: the round trip (write it, rerun clean, a new leak
// fails alone, a fixed leak is named), the count ratchet, the config key, and bad baselines.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Baseline } from '../../src/report/types.js';
import { validateReport } from '../helpers/schema.js';
import { brief, checkout, readJson, writeJson } from './adopt-fixtures.js';
import { runBin } from './run-bin.js';

const leaks = (...names: string[]) => ['node', 'leaks.mjs', ...names];
const KNOWN = leaks('job', 'job', 'job', 'interval', 'pool');

describe('baseline', { timeout: 90_000 }, () => {
  it('round trip: --update-baseline writes it, a rerun passes, a new leak fails alone, a fixed one is named', async () => {
    const dir = checkout();
    const update = await runBin(['--baseline', 'known-leaks.json', '--update-baseline', ...KNOWN], { cwd: dir });
    expect(update.code).toBe(0);
    expect(update.stderrLines).toEqual([
      'lingering: no lingering tasks (1 process checked; 5 suppressed)',
      '5 known leaks from the baseline still present',
      'lingering: wrote 5 known leaks (3 entries) to the baseline known-leaks.json',
    ]);
    // Sorted by file, one readable entry per fingerprint.
    const baseline = readJson<Baseline>(join(dir, 'known-leaks.json'));
    expect(baseline.entries.map(({ fingerprint, ...rest }) => [fingerprint.length, rest])).toEqual([
      [16, { count: 3, kind: 'promise/AsyncFunction', description: 'async waitForJob()', location: 'leaks.mjs:10' }],
      [16, { count: 1, kind: 'handle/Timeout', description: 'setInterval(…, 1000)', location: 'leaks.mjs:11' }],
      [16, { count: 1, kind: 'handle/Timeout', description: 'setInterval(…, 1000)', location: 'lib/pool.mjs:3' }],
    ]);
    expect(readFileSync(join(dir, 'known-leaks.json'), 'utf8')).toBe(`${JSON.stringify(baseline, null, 2)}\n`);

    const rerun = await runBin(['--baseline', 'known-leaks.json', '--json', 'r.json', ...KNOWN], { cwd: dir });
    expect(rerun.code).toBe(0);
    expect(rerun.stderrLines).toEqual([
      'lingering: no lingering tasks (1 process checked; 5 suppressed)',
      '5 known leaks from the baseline still present',
    ]);
    const report = readJson(join(dir, 'r.json'));
    validateReport(report);
    expect(report.tasks.map(brief)).toEqual([
      'AsyncFunction leaks.mjs:10 ×3 by:baseline',
      'Timeout leaks.mjs:11 ×1 by:baseline',
      'Timeout lib/pool.mjs:3 ×1 by:baseline',
    ]);

    const added = await runBin(['--baseline', 'known-leaks.json', ...KNOWN, 'server'], { cwd: dir });
    expect(added.code).toBe(1);
    expect(added.stderrLines[0]).toBe('lingering: 1 task still pending in 1 process (1 error; 5 suppressed)');
    expect(added.stderrLines.filter((line) => /^(error|warning): /.test(line))).toEqual([
      'error: Server was still pending at exit!',
    ]);
    expect(added.stderr).not.toContain('waitForJob');
    expect(added.stderrLines.at(-1)).toBe(
      'lingering: 1 new lingering task (not in the baseline) fails the run; fix it, ignore it with --ignore <pattern>, or add it to the baseline with --update-baseline',
    );

    const fixed = await runBin(['--baseline', 'known-leaks.json', ...leaks('job', 'job', 'job', 'pool')], { cwd: dir });
    expect(fixed.code).toBe(0);
    expect(fixed.stderrLines).toEqual([
      'lingering: no lingering tasks (1 process checked; 4 suppressed)',
      '4 known leaks from the baseline still present',
      '1 baseline entry is gone: run --update-baseline to drop it',
      '  gone: setInterval(…, 1000) at leaks.mjs:11 ×1',
    ]);
  });

  it('counts ratchet: a baseline of 3 and a run with 5 fails on the 2 new; fewer is said', async () => {
    const dir = checkout();
    await runBin(['--baseline', 'b.json', '--update-baseline', ...leaks('job', 'job', 'job')], { cwd: dir });
    const more = await runBin(
      ['--baseline', 'b.json', '--json', 'r.json', ...leaks('job', 'job', 'job', 'job', 'job')],
      {
        cwd: dir,
      },
    );
    expect(more.code).toBe(1);
    expect(more.stderrLines.filter((line) => line.startsWith('error: '))).toEqual([
      'error: Task is still pending at exit! ×2',
    ]);
    expect(more.stderrLines[0]).toBe('lingering: 2 tasks still pending in 1 process (2 errors; 3 suppressed)');
    expect(more.stderrLines).toContain('3 known leaks from the baseline still present');
    expect(readJson(join(dir, 'r.json')).tasks.map(brief)).toEqual([
      'AsyncFunction leaks.mjs:10 ×2',
      'AsyncFunction leaks.mjs:10 ×3 by:baseline',
    ]);

    const fewer = await runBin(['--baseline', 'b.json', ...leaks('job')], { cwd: dir });
    expect(fewer.code).toBe(0);
    expect(fewer.stderrLines).toEqual([
      'lingering: no lingering tasks (1 process checked; 1 suppressed)',
      '1 known leak from the baseline still present',
      '1 baseline entry has fewer tasks now: run --update-baseline to lower it',
      '  fewer: async waitForJob() at leaks.mjs:10 ×3 now ×1',
    ]);
  });

  it('takes the baseline from the config key, relative to the config file', async () => {
    const dir = checkout();
    writeJson(join(dir, 'lingering.config.json'), { baseline: 'ci/known-leaks.json' });
    const update = await runBin(['--update-baseline', ...leaks('interval')], { cwd: dir });
    expect(update.code).toBe(0);
    expect(existsSync(join(dir, 'ci/known-leaks.json'))).toBe(true);
    const rerun = await runBin(leaks('interval', 'job'), { cwd: join(dir) });
    expect(rerun.code).toBe(1);
    expect(rerun.stderrLines).toContain('1 known leak from the baseline still present');
  });

  it('a missing, corrupt or unknown baseline is one line and exit 2, before the command runs', async () => {
    const dir = checkout();
    writeFileSync(join(dir, 'corrupt.json'), '{ "version": 1, "entries": [');
    writeJson(join(dir, 'future.json'), { version: 2, entries: [] });
    writeJson(join(dir, 'bad-entry.json'), { version: 1, entries: [{ fingerprint: 'abc', count: 0 }] });
    const cases: Array<[string, RegExp]> = [
      ['missing.json', /^lingering: baseline missing\.json: not found; write it first with --update-baseline$/],
      [
        'corrupt.json',
        /^lingering: baseline corrupt\.json: invalid JSON \(.+\); fix it, or write it again with --update-baseline$/,
      ],
      ['future.json', /^lingering: baseline future\.json: unknown baseline version 2 \(this lingering reads 1\); /],
      ['bad-entry.json', /^lingering: baseline bad-entry\.json: entry 1 \(abc\) must have a "count" of 1 or more; /],
    ];
    for (const [file, message] of cases) {
      const result = await runBin(['--baseline', file, 'node', '-e', 'console.log("ran")'], { cwd: dir });
      expect([file, result.code, result.stdout]).toEqual([file, 2, '']);
      expect(result.stderrLines).toHaveLength(1);
      expect(result.stderrLines[0]).toMatch(message);
    }
  });
});
