// Source lines for the inline `// lingering-ignore` comments: the files a report's locations name,
// relative to the directory lingering runs in, each read once.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { debuglog } from 'node:util';
import type { ReadLines } from '../report/index.js';

const debug = debuglog('lingering');

/** Files larger than this are not source a person wrote a comment in (a bundle, a generated file). */
const MAX_BYTES = 4 * 1024 * 1024;

export function sourceLines(cwd: string): ReadLines {
  const cache = new Map<string, string[] | undefined>();
  return (file) => {
    if (cache.has(file)) return cache.get(file);
    let lines: string[] | undefined;
    try {
      const text = readFileSync(resolve(cwd, file), 'utf8');
      lines = text.length > MAX_BYTES ? undefined : text.split(/\r?\n/);
    } catch (error) {
      // A location in another checkout (a merged report from another machine), an eval: no comment.
      debug('no source for %s: %s', file, (error as Error).message);
    }
    cache.set(file, lines);
    return lines;
  };
}
