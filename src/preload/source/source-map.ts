// Maps a raw frame to the line the user wrote, at report time only. The question for each frame is
// which code V8 ran and which map describes that code:
//
// - CallSite#getScriptHash() is the SHA-256 of the executed source (Node 20+), the same as the
//   inspector's script hash. Equal to the file on disk's: the file ran as is, and only the file's own
//   maps apply (Node's cache, filled by --enable-source-maps or tsx; its sourceMappingURL, read by
//   source-map-support: tsc output). The inspector is never started for it.
// - Different: a runner or a loader transformed it in memory (vitest, jest, tsx, Node's type
//   stripping). The executed script's own inline map, read through the inspector, is used for every
//   extension, when it describes this file; a position still in the same file then goes through the
//   file's own map (a runner over tsc output). --enable-source-maps does not cover vm code:
//   https://github.com/nodejs/node/issues/44493
// - The file verbatim inside a wrapper (vitest vmThreads' CommonJS executor): its raw position.
// - A map only the runner holds (vitest 5 inlines none): the program's own stack formatter.
// - Otherwise the raw position, which is right for Node's type stripping.
import { createRequire, findSourceMap } from 'node:module';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import type { RawFrame } from '../hooks/capture.js';
import { diskFile } from './disk-file.js';
import { EVAL_FILES, toPath } from './file-name.js';
import { scriptByHash, scriptSource, type Script } from './inspector.js';
import { runnerPosition } from './runner-format.js';
import { scriptMap, type Position } from './script-map.js';

const require = createRequire(__filename);

export interface MappedFrame {
  fn: string;
  /** Absolute path (or node:xyz for internals, or an eval name). */
  file: string;
  line: number;
  column: number;
  native: boolean;
}

/** A frame to map; `scriptHash` when it is known without a CallSite (a callback's location). */
export type FrameToMap = RawFrame & { scriptHash?: string };

interface SmsPosition {
  source: string;
  line: number;
  column: number;
}
type MapPosition = (p: SmsPosition) => SmsPosition;
let mapSourcePosition: MapPosition | null | undefined;

function sourceMapSupport(): MapPosition | null {
  if (mapSourcePosition === undefined) {
    try {
      mapSourcePosition = (require('source-map-support') as { mapSourcePosition: MapPosition }).mapSourcePosition;
    } catch {
      mapSourcePosition = null;
    }
  }
  return mapSourcePosition;
}

const NODE_MODULES = `${sep}node_modules${sep}`;

/** Frames already mapped, by the code that ran (its script hash) and the position in it: a
 * --per-test check maps the same frames test after test, and a frame of transformed code costs an
 * inspector session the first time (every script V8 knows reported and hashed, 10-100 ms in a
 * vitest fork). Bounded by the frames that were reported. */
const mapped = new Map<string, MappedFrame>();

export function mapFrame(frame: FrameToMap): MappedFrame {
  const file = frame.file ? toPath(frame.file) : '';
  const plain: MappedFrame = { fn: frame.fn, file, line: frame.line, column: frame.column, native: frame.native };
  // Internals, eval code (its positions are its own) and libraries (folded away) are not mapped.
  if (frame.native || !file || file.startsWith('node:') || frame.line === 0 || EVAL_FILES.has(file)) return plain;
  if (file.includes(NODE_MODULES)) return plain;
  const hash = scriptHash(frame);
  const key = `${hash ?? ''}:${file}:${frame.line}:${frame.column}`;
  const known = mapped.get(key);
  if (known !== undefined) return { ...known, fn: frame.fn };
  const result = mapTransformed(frame, file, hash, plain);
  mapped.set(key, result);
  return result;
}

function mapTransformed(frame: FrameToMap, file: string, hash: string | undefined, plain: MappedFrame): MappedFrame {
  const at = (p: Position): MappedFrame => ({
    fn: frame.fn,
    file: p.file,
    line: p.line,
    column: p.column,
    native: false,
  });
  try {
    const onDisk = diskFile(file).hash;
    if (hash === undefined || hash === onDisk) {
      // The file ran as is (or nothing says otherwise): its own maps.
      const own = ownMap(file, frame.line, frame.column);
      return own ? at(own) : plain;
    }
    const script = scriptByHash(hash);
    const fromScript = script && scriptMapPosition(script, file, frame);
    if (fromScript)
      return at(
        fromScript.file === file ? (ownMap(file, fromScript.line, fromScript.column) ?? fromScript) : fromScript,
      );
    if (script && wrapsFile(script, file)) {
      // Line numbers are the file's; only the first line is shifted by the wrapper's prefix.
      return at(ownMap(file, frame.line, frame.column) ?? { file, line: frame.line, column: frame.column });
    }
    const fromRunner = runnerPosition(frame);
    if (
      fromRunner &&
      (fromRunner.file !== file || fromRunner.line !== frame.line || fromRunner.column !== frame.column)
    ) {
      return at(
        fromRunner.file === file ? (ownMap(file, fromRunner.line, fromRunner.column) ?? fromRunner) : fromRunner,
      );
    }
  } catch {
    // A broken map must not lose the frame: fall through to the raw position.
  }
  return plain;
}

/** A position a runner reported (no CallSite): the file's own maps, memoised. */
const positions = new Map<string, MappedFrame>();

export function mapPosition(file: string, line: number, column: number): MappedFrame {
  const key = `${file}:${line}:${column}`;
  let mapped = positions.get(key);
  if (mapped === undefined) {
    mapped = mapFrame({ fn: '', file, line, column, native: false, isConstructor: false, isAsync: false });
    positions.set(key, mapped);
  }
  return mapped;
}

function scriptHash(frame: FrameToMap): string | undefined {
  if (frame.scriptHash) return frame.scriptHash;
  try {
    const hash = (frame.site as { getScriptHash?: () => string } | undefined)?.getScriptHash?.();
    return hash || undefined;
  } catch {
    return undefined;
  }
}

/** The file's own maps: Node's cache, then its sourceMappingURL (a .map file or an inline map). */
function ownMap(file: string, line: number, column: number): Position | undefined {
  const cached = nodeCacheMap(file);
  if (cached) {
    const entry = cached.findEntry(line - 1, column - 1) as {
      generatedLine?: number;
      originalSource?: string;
      originalLine?: number;
      originalColumn?: number;
    };
    if (entry.generatedLine === line - 1 && entry.originalSource !== undefined && entry.originalLine !== undefined) {
      let source = toPath(entry.originalSource);
      if (!isAbsolute(source)) source = resolve(dirname(file), source);
      return { file: source, line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1 };
    }
  }
  if (!diskFile(file).hasOwnMap) return undefined;
  const pos = sourceMapSupport()?.({ source: file, line, column: column - 1 });
  if (pos && (pos.source !== file || pos.line !== line)) {
    return { file: toPath(pos.source), line: pos.line, column: pos.column + 1 };
  }
  return undefined;
}

function nodeCacheMap(file: string): ReturnType<typeof findSourceMap> | undefined {
  try {
    return findSourceMap(file);
  } catch {
    return undefined;
  }
}

/** The executed script's inline map, when it describes this file (its sources include it, or the
 * file names a map of its own that the transform composed). */
function scriptMapPosition(script: Script, file: string, frame: FrameToMap): Position | undefined {
  if (!script.sourceMapURL.startsWith('data:')) return undefined;
  const map = scriptMap(script.sourceMapURL, toPath(script.url));
  if (!map || !(map.sources.includes(file) || diskFile(file).hasOwnMap)) return undefined;
  return map.lookup(frame.line, frame.column);
}

const wrapped = new Map<string, boolean>();

/** The script is the file on disk verbatim inside a wrapper (no transform). */
function wrapsFile(script: Script, file: string): boolean {
  let yes = wrapped.get(script.id);
  if (yes === undefined) {
    const text = diskFile(file).text;
    const source = text ? scriptSource(script) : undefined;
    yes = text !== null && source !== undefined && source.includes(text);
    wrapped.set(script.id, yes);
  }
  return yes;
}
