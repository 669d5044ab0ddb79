// Fallback for machines without /usr/bin/time: every variant (plain included) loads this first, and
// each process appends its own peak RSS (KiB) to BENCH_RSS_FILE at exit.
import { appendFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      appendFileSync(file, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // A bench helper must not change how the program exits.
    }
  });
}
