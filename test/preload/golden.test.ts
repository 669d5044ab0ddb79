// What the preload really prints and writes for a few fixtures, as golden files: the JSON report of
// the JSON mode and the text of the text mode (test/golden/preload/<fixture>.json|.txt), with pids,
// ages, ports and paths normalised. UPDATE_GOLDEN=1 rewrites them.
import { basename } from 'node:path';
import { describe, it } from 'vitest';
import { formatJson } from '../../src/report/format-json.js';
import { normalizeReport, normalizeText, type NormalizeOptions } from '../helpers/normalize.js';
import { runFixture } from '../helpers/run-preload.js';
import { expectGolden } from '../report/helpers.js';
import { validateReport } from '../helpers/schema.js';

// An await's stack starts with Node's own frames where Node hands promises to async_hooks and
// without them where lingering's own V8 promise hooks run (24.22+ and 26, and 20 and 22 unless
// another async hook is on): their folded count differs.
const AWAITS: NormalizeOptions = { foldedFrames: true };

const FIXTURES: Array<[file: string, opts?: NormalizeOptions]> = [
  ['fixtures/tasks/wait-for-ready.mjs', AWAITS],
  ['fixtures/handles/interval.mjs'],
  ['fixtures/handles/immediate.mjs'],
  ['fixtures/handles/server.mjs'],
  ['fixtures/handles/child-process.mjs'],
  // Node 22+ has one more frame of its own in the HTTP client's stack.
  ['fixtures/handles/http-request.mjs', { foldedFrames: true }],
  ['fixtures/asyncio/race.mjs', AWAITS],
  ['fixtures/asyncio/echo-unclosed.mjs'],
  // Await trees: nesting down to a timer, Promise.all fan-in, a folded .catch(), recursion.
  ['fixtures/trees/nested.mjs', AWAITS],
  ['fixtures/trees/fan-in.mjs', AWAITS],
  ['fixtures/trees/catch.mjs', AWAITS],
  ['fixtures/trees/recursion.mjs', AWAITS],
  ['fixtures/trees/http-in-flight.mjs', { foldedFrames: true }],
];

describe.concurrent('golden: the preload on real fixtures', { timeout: 20_000 }, () => {
  for (const [file, opts] of FIXTURES) {
    const name = basename(file).replace(/\.[cm]?js$/, '');
    it(`${name}: the JSON report`, async ({ expect }) => {
      const { report } = await runFixture(file);
      expect(report).not.toBeNull();
      validateReport(report);
      expectGolden(`preload/${name}.json`, formatJson(normalizeReport(report!, opts)));
    });
    it(`${name}: the text report on stderr`, async () => {
      const { stderr } = await runFixture(file, { env: { LINGERING_REPORT_DIR: '', COLUMNS: '100' } });
      expectGolden(`preload/${name}.txt`, normalizeText(stderr, opts));
    });
  }
});
