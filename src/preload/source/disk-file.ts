// A source file on disk: its SHA-256 (did V8 run it as is?) and whether it names a source map of its
// own. Read only for the files of frames being reported, once each.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

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
    d.hash = createHash('sha256').update(bytes).digest('hex');
    d.text = bytes.toString('utf8');
    d.hasOwnMap = MAP_COMMENT.test(d.text.slice(-4096).trimEnd());
  } catch {
    // Not a file.
  }
  files.set(file, d);
  return d;
}
