// Writes the benchmark's test suite: 50 vitest files in tests/, 10 of each kind (HTTP handlers on
// loopback, fs on temp files, fake and real timers, JSON logic, promise-heavy logic), each a variant
// of its kind with its own sizes so that no two files are the same. Run: node bench/suite/generate.mjs
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { template as http } from './templates/http.mjs';
import { template as fs } from './templates/fs.mjs';
import { template as timers } from './templates/timers.mjs';
import { template as json } from './templates/json.mjs';
import { template as promises } from './templates/promises.mjs';

const dir = fileURLToPath(new URL('./tests/', import.meta.url));
const PER_KIND = 10;

const kinds = { http, fs, timers, json, promises };

mkdirSync(dir, { recursive: true });
for (const name of readdirSync(dir)) if (name.endsWith('.test.mjs')) rmSync(join(dir, name));
let count = 0;
for (let i = 0; i < PER_KIND; i++) {
  for (const [kind, template] of Object.entries(kinds)) {
    writeFileSync(join(dir, `${kind}-${String(i).padStart(2, '0')}.test.mjs`), template(i));
    count++;
  }
}
console.log(`wrote ${count} test files to ${dir}`);
