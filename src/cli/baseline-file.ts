// Reading and writing the baseline file (--baseline, --update-baseline); its contents are
// report/baseline.ts's.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatBaseline, parseBaseline, type Baseline } from '../report/index.js';
import { displayPath } from './display-path.js';
import { BaselineError } from './errors.js';

export async function readBaseline(path: string, cwd: string): Promise<Baseline> {
  const label = displayPath(path, cwd);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    if (code === 'ENOENT') throw new BaselineError(label, 'not found', 'write it first with --update-baseline');
    throw new BaselineError(label, `cannot be read (${code})`, 'check its permissions');
  }
  const parsed = parseBaseline(text);
  if ('error' in parsed) throw new BaselineError(label, parsed.error);
  return parsed;
}

export async function writeBaseline(path: string, baseline: Baseline, cwd: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, formatBaseline(baseline));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new BaselineError(displayPath(path, cwd), `cannot be written (${code})`, 'choose a writable --baseline path');
  }
}
