// (d) fs: ~20k fs.promises.stat then readFile of small files in a temp directory, 32 in flight,
// the way a build tool or a test loading fixtures reads them. The directory is removed at the end.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scaled } from './scale.mjs';

const READS = scaled(20_000);
const FILES = 200;
const CONCURRENCY = 32;

const dir = await mkdtemp(join(tmpdir(), 'lingering-bench-fs-'));
try {
  await Promise.all(
    Array.from({ length: FILES }, (_, i) =>
      writeFile(join(dir, `f${i}.json`), JSON.stringify({ i, data: 'x'.repeat(200 + (i % 50) * 20) })),
    ),
  );
  let next = 0;
  let sum = 0;
  const reader = async () => {
    while (next < READS) {
      const n = next++;
      const file = join(dir, `f${n % FILES}.json`);
      const { size } = await stat(file);
      const text = await readFile(file, 'utf8');
      sum = (sum + JSON.parse(text).i + text.length + size) % 1_000_000_007;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, reader));
  console.log(`checksum fs reads=${READS} sum=${sum}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
