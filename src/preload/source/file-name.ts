// A frame's file name as a path: file URLs and query strings (vite's `?v=123`, a vm filename
// `/a/q.js?x=1`) come off, and the names Node gives code that is in no file stay as they are.
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Code given with `node -e`/`-p`/`--eval`, on stdin, or to `new Worker(code, { eval: true })`. The
 * ESM forms (`--input-type=module`) are `file://<cwd>/[eval1]`, a path like any other.
 * https://nodejs.org/api/cli.html#-e---eval-script */
export const EVAL_FILES: ReadonlySet<string> = new Set(['[eval]', '[stdin]', '[worker eval]']);

const cache = new Map<string, string>();

export function toPath(file: string): string {
  let hit = cache.get(file);
  if (hit !== undefined) return hit;
  hit = file;
  if (file.startsWith('file://')) {
    try {
      const url = new URL(file);
      url.search = '';
      url.hash = '';
      hit = fileURLToPath(url);
    } catch {
      // Not a valid file URL: keep it.
    }
  }
  // A query in a path (the inspector's URL for it encodes the `?` as %3F, which decodes back to it).
  const q = hit.search(/[?#]/);
  if (q > 0 && isAbsolute(hit) && !existsSync(hit)) hit = hit.slice(0, q);
  cache.set(file, hit);
  return hit;
}
