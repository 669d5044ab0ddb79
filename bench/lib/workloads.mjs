// The workloads (a)-(f): real programs, each printing one deterministic checksum line.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const bench = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));
// vitest's own bin (its exports map does not expose it): what `npx vitest` runs.
const vitestPackage = require.resolve('vitest/package.json');
const vitestBin = join(dirname(vitestPackage), require(vitestPackage).bin.vitest);

/**
 * `argv` follows the variant's node flags; `viaNodeOptions` workloads start node processes of their
 * own (vitest's forks), so every variant reaches them through NODE_OPTIONS instead.
 */
export const WORKLOADS = [
  {
    id: 'a',
    name: 'promises',
    title: '(a) promise-heavy: ~2M awaited async calls + Promise.all',
    argv: [bench('workloads/promises.mjs')],
  },
  { id: 'b', name: 'timers', title: '(b) timers and immediates: ~250k', argv: [bench('workloads/timers.mjs')] },
  {
    id: 'g',
    name: 'deadlines',
    title: '(g) deadlines: 1M long timeouts created and cleared',
    argv: [bench('workloads/deadlines.mjs')],
  },
  {
    id: 'c',
    name: 'http',
    title: '(c) HTTP on loopback: 10k keep-alive JSON requests',
    argv: [bench('workloads/http.mjs')],
  },
  // Thread-pool bound: on a 2-core VM its median ratio moved by 0.06 between runs of one build (41 rounds each), more
  // than its budget's margin. Three times as many rounds.
  {
    id: 'd',
    name: 'fs',
    title: '(d) fs: 20k fs.promises stat + readFile',
    argv: [bench('workloads/fs.mjs')],
    roundsFactor: 3,
  },
  // Cheap and noisy: four times as many rounds.
  { id: 'e', name: 'startup', title: '(e) start-up: node -e 0', argv: ['-e', '0'], roundsFactor: 4 },
  {
    id: 'f',
    name: 'suite',
    title: '(f) vitest suite: 50 files, pool forks, a process per file (vitest default)',
    argv: [vitestBin, 'run', '--config', bench('suite/vitest.config.mjs')],
    env: { BENCH_SUITE_ISOLATE: '1' },
    viaNodeOptions: true,
  },
];

/** `--only a,c` or `--only promises,http`. */
export function selectWorkloads(only) {
  if (!only) return WORKLOADS;
  const wanted = only
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = wanted.filter((w) => !WORKLOADS.some((x) => x.id === w || x.name === w));
  if (unknown.length) {
    throw new Error(
      `unknown workload ${unknown.join(', ')}: use ${WORKLOADS.map((w) => `${w.id} (${w.name})`).join(', ')}`,
    );
  }
  return WORKLOADS.filter((w) => wanted.includes(w.id) || wanted.includes(w.name));
}
