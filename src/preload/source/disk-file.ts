// A source file on disk: its SHA-256 (did V8 run it as is?) and whether it names a source map of its
// own. Read only for the files of frames being reported, once each.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// node:crypto costs ~2 ms to load: only when a report reads a file.
const require = createRequire(__filename);

export interface DiskFile {
  /** SHA-256 hex of the bytes; null when there is no such file (code that only ever was in memory). */
  hash: string | null;
  /** The text, for recognising the file inside a wrapper; null when unreadable. */
  text: string | null;
  /** It ends with a sourceMappingURL comment (tsc output, a bundle). */
  hasOwnMap: boolean;
}

const files = new Map<string, DiskFile>();
const MAP_COMMENT = /\/[/*][#@]\s*sourceMappingURL=[^\s'"*]+\s*(?:\*\/\s*)?$/;

export function diskFile(file: string): DiskFile {
  let d = files.get(file);
  if (d) return d;
  d = { hash: null, text: null, hasOwnMap: false };
  try {
    const bytes = readFileSync(file);
    const { createHash } = require('node:crypto') as typeof import('node:crypto');
    d.hash = createHash('sha256').update(bytes).digest('hex');
    d.text = bytes.toString('utf8');
    d.hasOwnMap = MAP_COMMENT.test(d.text.slice(-4096).trimEnd());
  } catch {
    // Not a file.
  }
  files.set(file, d);
  return d;
}
