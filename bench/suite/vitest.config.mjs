// The benchmark's "realistic test suite": `vitest run --config bench/suite/vitest.config.mjs`.
// The project's own vitest.config.mjs leaves bench/** out. BENCH_SCALE < 1 runs a prefix of the
// files (--quick).
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import ChecksumReporter from './checksum-reporter.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));
const files = readdirSync(new URL('./tests/', import.meta.url))
  .filter((name) => name.endsWith('.test.mjs'))
  .sort();
const scale = Number(process.env.BENCH_SCALE ?? 1);
const count = scale > 0 && scale < 1 ? Math.max(5, Math.round(files.length * scale)) : files.length;

export default defineConfig({
  root,
  test: {
    pool: 'forks',
    // One fork runs the files in turn (vitest's advice for speed, and what keeps this workload in
    // seconds on 2 cores); BENCH_SUITE_ISOLATE=1 gives every file its own process, vitest's default.
    isolate: process.env.BENCH_SUITE_ISOLATE === '1',
    include: files.slice(0, count).map((name) => `tests/${name}`),
    // Results of earlier runs reorder the files; every run of the bench should do the same work.
    cache: false,
    reporters: [new ChecksumReporter()],
  },
});
