// Fingerprints on real runs: two checkouts in two directories, one with a line added above
// everything, give the same fingerprints for the same leaks.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateReport } from '../helpers/schema.js';
import { checkout } from './adopt-fixtures.js';
import { runWithJson } from './run-bin.js';

const LEAKS = ['node', 'leaks.mjs', 'job', 'job', 'interval', 'server', 'pool'];

function addLineOnTop(file: string): void {
  writeFileSync(file, `// an unrelated edit\n${readFileSync(file, 'utf8')}`);
}

describe('fingerprints', { timeout: 60_000 }, () => {
  it('stay the same across checkouts and line shifts from unrelated edits', async () => {
    const a = checkout();
    const b = checkout();
    addLineOnTop(join(b, 'leaks.mjs'));
    addLineOnTop(join(b, 'lib/pool.mjs'));
    const [first, second] = await Promise.all([runWithJson(LEAKS, a), runWithJson(LEAKS, b)]);
    validateReport(first.report);
    const where = (r: typeof first) => r.report.tasks.map((t) => `${t.type} ${t.location?.file}:${t.location?.line}`);
    expect(where(first)).toEqual([
      'AsyncFunction leaks.mjs:10',
      'Timeout leaks.mjs:11',
      'TCPSERVERWRAP leaks.mjs:12',
      'Timeout lib/pool.mjs:3',
    ]);
    expect(where(second)).toEqual([
      'AsyncFunction leaks.mjs:11',
      'Timeout leaks.mjs:12',
      'TCPSERVERWRAP leaks.mjs:13',
      'Timeout lib/pool.mjs:4',
    ]);
    const prints = first.report.tasks.map((t) => t.fingerprint);
    expect(prints.every((p) => /^[0-9a-f]{16}$/.test(p ?? ''))).toBe(true);
    expect(new Set(prints).size).toBe(4);
    expect(second.report.tasks.map((t) => t.fingerprint)).toEqual(prints);
  });
});
