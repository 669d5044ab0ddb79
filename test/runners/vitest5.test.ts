// vitest 5 (Node 22.12+) inlines no source map in the code it evaluates: the lines the user wrote
// come from its own stack formatter. fixtures/runners/vitest5 has its own vitest 5, which .ci/run
// installs on Node 22 and later (`npm ci --prefix fixtures/runners/vitest5`).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { FIXTURES, runWithJson } from '../cli/run-bin.js';
import { NODE } from '../helpers/env.js';
import { findings } from './findings.js';

const PROJECT = join(FIXTURES, '../runners/vitest5');
const VITEST = join(PROJECT, 'node_modules/vitest/vitest.mjs');
const [major = 0, minor = 0] = execFileSync(NODE, ['-p', 'process.versions.node'], { encoding: 'utf8' })
  .split('.')
  .map(Number);
const supported = major > 22 || (major === 22 && minor >= 12);
const why = !supported
  ? `vitest 5 needs Node 22.12+ (this is ${major}.${minor})`
  : `vitest 5 is not installed: npm ci --prefix fixtures/runners/vitest5`;

describe.skipIf(!supported || !existsSync(VITEST))(`vitest 5 (${why})`, { timeout: 120_000 }, () => {
  it.for(['forks', 'threads'])(
    'pool %s: TypeScript and a vi.mock-hoisted JavaScript file at their lines',
    async (pool, { expect }) => {
      // vitest 5 runs on the node first in PATH: the wrapper's children inherit it.
      const result = await runWithJson(['node', VITEST, 'run', `--pool=${pool}`], PROJECT);
      expect(result.code).toBe(1);
      expect(findings(result.report.tasks)).toEqual([
        'Timeout mock.test.js:10 | mock.test.js:8 leaves an interval behind',
        'Timeout queue.test.ts:11 | queue.test.ts:14 starts a worker and forgets it',
      ]);
      expect(result.report.tasks.map((task) => task.location?.column)).toEqual([3, 10]);
    },
  );
});
