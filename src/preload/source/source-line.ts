// The text of a source line, for the await trees ("suspended at app.ts:12: await ready;"). Read at
// report time only, for the lines being reported, once per file.
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/** Files larger than this (a bundle) are not read for one line. */
const MAX_BYTES = 2 * 1024 * 1024;
/** Characters of a line kept. */
const MAX_CHARS = 160;

const files = new Map<string, string[] | null>();

/** The lines of `file` (absolute), read once; null when it cannot be read or is too large. */
export function linesOf(file: string): string[] | null {
  let lines = files.get(file);
  if (lines !== undefined) return lines;
  lines = null;
  try {
    const bytes = readFileSync(file);
    if (bytes.length <= MAX_BYTES) lines = bytes.toString('utf8').split(/\r?\n/);
  } catch {
    // Code that only ever was in memory (eval, a vm script), or a file since removed.
  }
  files.set(file, lines);
  return lines;
}

/** Line `line` (1-based) of `file` (relative to `root`, or absolute), trimmed; undefined when unknown. */
export function sourceLine(root: string, file: string, line: number): string | undefined {
  const lines = linesOf(isAbsolute(file) ? file : join(root, file));
  const text = lines?.[line - 1]?.trim();
  if (!text) return undefined;
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS - 1)}…` : text;
}
