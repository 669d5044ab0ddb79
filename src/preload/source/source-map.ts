// Maps raw frames to original sources at report time only. Three sources of maps, in order:
// 1. Node's own cache (module.findSourceMap): filled when source maps are enabled, as tsx and
//    --enable-source-maps do.
// 2. source-map-support's mapSourcePosition: .map files next to tsc output and inline data: maps
//    in files on disk, without installing its global prepareStackTrace hook.
// 3. Code evaluated through `vm` (vitest's module runner, jest) carries an inline map that is in
//    no file on disk: the inspector's Debugger.scriptParsed events list it (sourceMapURL).
//    --enable-source-maps does not cover vm code: https://github.com/nodejs/node/issues/44493
import { createRequire, findSourceMap } from 'node:module';
import path from 'node:path';
import type { RawFrame } from '../hooks/capture.js';
import { inspectorScripts, toPath } from './inspector.js';

const require = createRequire(__filename);

export interface MappedFrame {
  fn: string;
  /** Absolute path (or node:xyz for internals). */
  file: string;
  line: number;
  column: number;
  native: boolean;
}

interface SmsPosition {
  source: string;
  line: number;
  column: number;
}
type MapPosition = (p: SmsPosition) => SmsPosition;

let mapSourcePosition: MapPosition | null | undefined;
const SOURCE_EXT = /\.(ts|tsx|mts|cts|jsx|vue|svelte|coffee)$/;

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

interface Entry {
  originalSource?: string;
  originalLine?: number;
  originalColumn?: number;
}

interface SourceMapLike {
  findEntry(line: number, column: number): unknown;
}

/** A frame from a source-map lookup (1-based), or undefined when the map has no entry there. */
function lookup(
  map: SourceMapLike,
  generated: string,
  fn: string,
  line: number,
  column: number,
): MappedFrame | undefined {
  const entry = map.findEntry(line - 1, column - 1) as Entry;
  if (entry.originalSource === undefined || entry.originalLine === undefined) return undefined;
  let source = toPath(entry.originalSource);
  if (!path.isAbsolute(source)) source = path.resolve(path.dirname(generated), source);
  return { fn, file: source, line: entry.originalLine + 1, column: (entry.originalColumn ?? 0) + 1, native: false };
}

function nodeCacheMap(file: string): SourceMapLike | undefined {
  try {
    return findSourceMap(file);
  } catch {
    return undefined;
  }
}

/** Parsed inline maps of vm-evaluated files: a test file contributes many frames, parse it once. */
const dataUrlMaps = new Map<string, SourceMapLike | null>();

function dataUrlMap(file: string, dataUrl: string): SourceMapLike | undefined {
  let map = dataUrlMaps.get(file);
  if (map === undefined) {
    map = null;
    try {
      // Node's SourceMap class parses the payload; we only need findEntry.
      const { SourceMap } = require('node:module') as typeof import('node:module');
      const comma = dataUrl.indexOf(',');
      const meta = dataUrl.slice(0, comma);
      const body = dataUrl.slice(comma + 1);
      const json = meta.endsWith(';base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
      map = new SourceMap(JSON.parse(json));
    } catch {
      // An unreadable map leaves the frame unmapped.
    }
    dataUrlMaps.set(file, map);
  }
  return map ?? undefined;
}

export function mapFrame(frame: RawFrame): MappedFrame {
  const plain: MappedFrame = {
    fn: frame.fn,
    file: toPath(frame.file),
    line: frame.line,
    column: frame.column,
    native: frame.native,
  };
  if (frame.native || !frame.file || frame.file.startsWith('node:') || frame.line === 0) return plain;
  try {
    const cacheMap = nodeCacheMap(frame.file);
    const cached = cacheMap && lookup(cacheMap, plain.file, frame.fn, frame.line, frame.column);
    if (cached) return cached;
    const sms = sourceMapSupport();
    if (sms) {
      const pos = sms({ source: plain.file, line: frame.line, column: frame.column - 1 });
      if (pos && (pos.source !== plain.file || pos.line !== frame.line)) {
        return { fn: frame.fn, file: toPath(pos.source), line: pos.line, column: pos.column + 1, native: false };
      }
    }
    if (SOURCE_EXT.test(plain.file)) {
      // A .ts file executed as-is must have been transformed in memory: look for a vm script.
      const dataUrl = inspectorScripts().maps.get(plain.file);
      const vmMap = dataUrl && dataUrlMap(plain.file, dataUrl);
      const mapped = vmMap && lookup(vmMap, plain.file, frame.fn, frame.line, frame.column);
      if (mapped) return mapped;
    }
  } catch {
    // A broken map must not lose the frame: fall through to the raw position.
  }
  return plain;
}
