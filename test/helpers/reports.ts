// Reading the report files a preload wrote into a directory.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPORT_FILE_RE } from '../../src/report/protocol.js';
import type { Report } from '../../src/report/types.js';

/** Every report file in `dir`, parsed. */
export async function reportsIn(dir: string): Promise<Report[]> {
  const names = (await readdir(dir)).filter((name) => REPORT_FILE_RE.test(name) && name.endsWith('.json'));
  return Promise.all(names.map(async (name) => JSON.parse(await readFile(join(dir, name), 'utf8')) as Report));
}
