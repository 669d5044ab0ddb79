// From raw V8 frames to the report's frames: source-mapped, relative to the root, with Node
// internals, node_modules and lingering's own frames folded away.
import { isAbsolute, relative as relativePath, sep } from 'node:path';
import type { Frame } from '../../report/types.js';
import { readFrames, type Holder, type RawFrame } from '../hooks/capture.js';
import { EVAL_FILES } from './file-name.js';
import { mapFrame } from './source-map.js';

export interface Resolved {
  /** User frames, mapped. */
  user: Frame[];
  /** Per user frame: whether it is an async frame (`at async f`: an async function suspended at an
   * await), not a caller on the stack. */
  userAsync: boolean[];
  /** Whether the second user frame is an async frame that awaits the first one's promise (no
   * caller between them, only library async frames). */
  awaitedBySecond: boolean;
  folded: number;
  /** The raw frames, for builtin markers (Promise.then, new Promise, Function.race). */
  raw: RawFrame[];
  /** Index in `raw` of the first user frame (raw.length when there is none). */
  firstUserRaw: number;
}

const selfDir = __dirname;

export function isUserFile(file: string): boolean {
  // `node -e`, stdin, eval workers: the user's code, in no file. (Their `[eval]-wrapper` is Node's.)
  if (EVAL_FILES.has(file)) return true;
  if (!file || file.startsWith('node:') || !isAbsolute(file)) return false;
  if (file.includes(`${sep}node_modules${sep}`)) return false;
  return !file.startsWith(selfDir + sep);
}

let root = process.cwd();
export function setRoot(dir: string): void {
  root = dir;
}

export function rootDir(): string {
  return root;
}

export function relative(file: string): string {
  const rel = relativePath(root, file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel.split(sep).join('/');
}

const cache = new WeakMap<Holder, Resolved>();

export function resolveHolder(holder: Holder | undefined): Resolved {
  if (!holder) return unmapped([]);
  const hit = cache.get(holder);
  if (hit) return hit;
  const resolved = resolveFrames(readFrames(holder));
  cache.set(holder, resolved);
  return resolved;
}

/** resolveHolder, except that frames `dropped` judges from their raw form alone (a record that will
 * not be reported whatever its lines) are not mapped: no source map read, no inspector enabled. */
export function resolveHolderUnless(holder: Holder | undefined, dropped: (raw: RawFrame[]) => boolean): Resolved {
  if (!holder || cache.has(holder)) return resolveHolder(holder);
  const raw = readFrames(holder);
  return dropped(raw) ? unmapped(raw) : resolveHolder(holder);
}

/** Frames kept raw, with no user frame: nothing to report them by. */
function unmapped(raw: RawFrame[]): Resolved {
  return { user: [], userAsync: [], awaitedBySecond: false, folded: 0, raw, firstUserRaw: raw.length };
}

export function resolveFrames(raw: RawFrame[]): Resolved {
  const user: Frame[] = [];
  const userAsync: boolean[] = [];
  let folded = 0;
  /** A sync frame (a caller) since the first user frame. */
  let called = false;
  let awaitedBySecond = false;
  let firstUserRaw = raw.length;
  for (const [i, frame] of raw.entries()) {
    if (frame.native) continue;
    const mapped = mapFrame(frame);
    if (!isUserFile(mapped.file)) {
      folded++;
      if (user.length === 1) called ||= !frame.isAsync;
      continue;
    }
    if (user.length === 0) firstUserRaw = i;
    user.push({
      function: mapped.fn || '<anonymous>',
      file: relative(mapped.file),
      line: mapped.line,
      column: mapped.column,
    });
    if (user.length === 2) awaitedBySecond = frame.isAsync && !called;
    userAsync.push(frame.isAsync);
  }
  return { user, userAsync, awaitedBySecond, folded, raw, firstUserRaw };
}

export function sameLine(a: Frame, b: Frame): boolean {
  return a.file === b.file && a.line === b.line;
}
