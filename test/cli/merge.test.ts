// `lingering merge`: three shards of a node:test suite (node --test --test-shard) merged give the
// report and the exit code of one run of the whole, up to pids; bad inputs are one line and exit 2;
// `lingering -- merge` still runs a program named merge.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Task } from '../../src/report/types.js';
import { normalizeText } from '../helpers/normalize.js';
import { validateReport } from '../helpers/schema.js';
import { checkout, readJson, writeJson } from './adopt-fixtures.js';
import { runBin } from './run-bin.js';

const SUITE = ['node', '--test', '--test-force-exit'];

/** A task as two runs of the same code agree on it: no pids, ages or ports. */
function portable(task: Task): Task {
  const copy: Task = {
    ...task,
    pids: [],
    description: normalizeText(task.description),
    chain: task.chain.map(portable),
  };
  delete copy.ageMs;
  return copy;
}

/** The text report's findings: from the first task block to the table, pids, ports and ages replaced. */
function findings(stderr: string): string[] {
  const lines = normalizeText(stderr).split('\n');
  return lines
    .slice(2)
    .filter((line) => !line.startsWith('pid ') && !/^lingering: \d+ tasks? still pending/.test(line));
}

describe('lingering merge', { timeout: 120_000 }, () => {
  it('three shards merged are the unsharded run: same tasks, text, exit code', async () => {
    const dir = checkout('suite');
    const whole = await runBin(['--json', 'whole.json', ...SUITE], { cwd: dir });
    const shards = await Promise.all(
      [1, 2, 3].map((i) => runBin(['--json', `shard-${i}.json`, ...SUITE, `--test-shard=${i}/3`], { cwd: dir })),
    );
    // Each shard gates alone on its part.
    expect(shards.map((shard) => shard.code)).toEqual([1, 1, 1]);
    const merged = await runBin(['merge', 'shard-1.json', 'shard-2.json', 'shard-3.json', '--json', 'merged.json'], {
      cwd: dir,
    });
    expect([whole.code, merged.code]).toEqual([1, 1]);
    expect(merged.stdout).toBe('');

    const one = readJson(join(dir, 'whole.json'));
    const all = readJson(join(dir, 'merged.json'));
    validateReport(all);
    expect(all.tasks.map(portable)).toEqual(one.tasks.map(portable));
    expect(all.tasks.map((task) => `${task.type} ${task.test?.name} ×${task.count}`)).toEqual([
      'AsyncFunction queue > keeps a job waiting ×1',
      'AsyncFunction queue > keeps two jobs waiting ×1',
      'AsyncFunction queue > keeps two jobs waiting ×1',
      'TCPSERVERWRAP server > is left listening ×1',
      'Timeout timer > starts a heartbeat ×1',
    ]);
    // Every process of every shard: one runner and one per test file each (the whole run had one runner).
    expect([one.processes.length, all.processes.length]).toEqual([4, 6]);
    expect(merged.stderrLines[0]).toBe('lingering: 5 tasks still pending in 3 of 6 processes (5 errors)');
    expect(findings(merged.stderr)).toEqual(findings(whole.stderr));
    expect(merged.stderrLines.at(-1)).toBe(whole.stderrLines.at(-1));

    // A baseline written from the shards is the one the whole run writes.
    const fromShards = await runBin(
      ['merge', 'shard-1.json', 'shard-2.json', 'shard-3.json', '--baseline', 'a.json', '--update-baseline'],
      { cwd: dir },
    );
    const fromWhole = await runBin(['--baseline', 'b.json', '--update-baseline', ...SUITE], { cwd: dir });
    expect([fromShards.code, fromWhole.code]).toEqual([0, 0]);
    expect(fromShards.stderrLines.at(-1)).toBe('lingering: wrote 5 known leaks (4 entries) to the baseline a.json');
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe(readFileSync(join(dir, 'b.json'), 'utf8'));
  });

  it('judges the whole against the baseline and the config, as one run would', async () => {
    const dir = checkout('suite');
    const update = await runBin(['--baseline', 'known.json', '--update-baseline', ...SUITE], { cwd: dir });
    expect(update.code).toBe(0);
    // The queue's two jobs of one test share a fingerprint: a baseline entry of 2. Allow only 1.
    const known = readJson<{ version: 1; entries: Array<{ count: number; test?: string }> }>(join(dir, 'known.json'));
    const twoJobs = known.entries.find((entry) => entry.test?.endsWith('keeps two jobs waiting'))!;
    expect(twoJobs.count).toBe(2);
    twoJobs.count = 1;
    writeJson(join(dir, 'known.json'), known);
    writeJson(join(dir, 'lingering.config.json'), { ignore: ['Server'] });
    await Promise.all(
      [1, 2, 3].map((i) => runBin(['--json', `shard-${i}.json`, ...SUITE, `--test-shard=${i}/3`], { cwd: dir })),
    );
    const merged = await runBin(['merge', 'shard-1.json', 'shard-2.json', 'shard-3.json', '--baseline', 'known.json'], {
      cwd: dir,
    });
    expect(merged.code).toBe(1);
    expect(merged.stderrLines[0]).toBe('lingering: 1 task still pending in 1 of 6 processes (1 error; 4 suppressed)');
    expect(merged.stderrLines).toContain('1 ignored by Server');
    expect(merged.stderrLines).toContain('3 known leaks from the baseline still present');
    expect(merged.stderrLines.filter((line) => line.includes('error: '))).toEqual([
      '    error: Task is still pending at exit!',
    ]);
    const github = await runBin(['merge', 'shard-1.json', 'shard-2.json', 'shard-3.json', '--reporter', 'github'], {
      cwd: dir,
    });
    expect(github.code).toBe(1);
    // Each of the 4 entries on its creation line and on its test's line; not the ignored server.
    const annotations = github.stdout.split('\n').filter(Boolean);
    expect(annotations).toHaveLength(8);
    expect(annotations.filter((line) => line.includes('server.test.mjs'))).toEqual([]);
    const relaxed = await runBin(['merge', 'shard-1.json', 'shard-2.json', 'shard-3.json', '--no-fail'], { cwd: dir });
    expect(relaxed.code).toBe(0);
  });

  it('a missing, corrupt or foreign file, or an unknown version, is one clear line and exit 2', async () => {
    const dir = checkout('suite');
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ version: 1, processes: [], tasks: [] }));
    writeFileSync(join(dir, 'cut.json'), '{"version":1,"processes":[');
    writeJson(join(dir, 'v2.json'), { version: 2, processes: [], tasks: [] });
    writeJson(join(dir, 'other.json'), { name: 'not a report' });
    writeJson(join(dir, 'bad-task.json'), { version: 1, processes: [], tasks: [{ kind: 'handle' }] });
    const cases: Array<[string, RegExp]> = [
      ['missing.json', /^lingering: cannot merge missing\.json: no such file; give the files lingering --json wrote$/],
      [
        'cut.json',
        /^lingering: cannot merge cut\.json: not valid JSON \(.+\); the file is damaged: write it again with --json$/,
      ],
      [
        'v2.json',
        /^lingering: cannot merge v2\.json: unknown report version 2 \(this lingering reads version 1\); merge it with the lingering version that wrote it$/,
      ],
      ['other.json', /^lingering: cannot merge other\.json: not a lingering report \(no "version"\); /],
      ['bad-task.json', /^lingering: cannot merge bad-task\.json: task 1 is not a lingering task; /],
    ];
    for (const [file, message] of cases) {
      const result = await runBin(['merge', 'good.json', file, '--json', 'out.json'], { cwd: dir });
      expect([file, result.code, result.stdout]).toEqual([file, 2, '']);
      expect(result.stderrLines).toHaveLength(1);
      expect(result.stderrLines[0]).toMatch(message);
    }
    const none = await runBin(['merge'], { cwd: dir });
    expect([none.code, none.stderrLines]).toEqual([
      2,
      ["lingering: missing required argument 'report.json'; run lingering --help for usage"],
    ]);
    const timeout = await runBin(['--timeout', '5', 'merge', 'good.json'], { cwd: dir });
    expect([timeout.code, timeout.stderrLines]).toEqual([
      2,
      ['lingering: --timeout has no effect on lingering merge; leave it out'],
    ]);
  });

  it('runs a program named merge after --', async () => {
    const dir = checkout('suite');
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'merge'), '#!/bin/sh\necho "a program named merge: $*"\n');
    chmodSync(join(bin, 'merge'), 0o755);
    const result = await runBin(['--no-fail', '--', 'merge', 'a.json'], {
      cwd: dir,
      env: { PATH: `${bin}:${process.env.PATH}` },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('a program named merge: a.json\n');
  });
});
