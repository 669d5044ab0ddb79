// The inline source map of a script V8 ran (vitest's and jest's vm code carries one that is in no
// file on disk), parsed with Node's own SourceMap class.
// https://nodejs.org/api/module.html#class-modulesourcemap
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { toPath } from './file-name.js';

const require = createRequire(__filename);

export interface Position {
  file: string;
  line: number;
  column: number;
}

export interface ScriptMap {
  /** The original files it describes, as absolute paths where they are files. */
  sources: string[];
  /** 1-based in and out; undefined where the map has nothing on that generated line. */
  lookup(line: number, column: number): Position | undefined;
}

interface Payload {
  sources?: Array<string | null>;
  sourceRoot?: string;
}

interface Entry {
  generatedLine?: number;
  originalSource?: string;
  originalLine?: number;
  originalColumn?: number;
}

function decode(dataUrl: string): string {
  const comma = dataUrl.indexOf(',');
  const meta = dataUrl.slice(0, comma);
  const body = dataUrl.slice(comma + 1);
  return meta.endsWith(';base64') ? Buffer.from(body, 'base64').toString('utf8') : decodeURIComponent(body);
}

function resolveSource(source: string, sourceRoot: string | undefined, generated: string): string {
  const joined = sourceRoot ? `${sourceRoot.replace(/\/?$/, '/')}${source}` : source;
  if (joined.startsWith('file://')) return toPath(joined);
  // webpack://, http: and the like name no file.
  if (/^[a-z][a-z0-9+.-]*:/i.test(joined)) return joined;
  return resolve(dirname(generated), joined);
}

const parsed = new Map<string, ScriptMap | null>();

/** The map in a `data:` URL of a script whose file name is `generated`; null when unreadable. */
export function scriptMap(dataUrl: string, generated: string): ScriptMap | null {
  const key = `${generated}\0${dataUrl}`;
  let map = parsed.get(key);
  if (map !== undefined) return map;
  map = null;
  try {
    const payload = JSON.parse(decode(dataUrl)) as Payload;
    const { SourceMap } = require('node:module') as typeof import('node:module');
    const sourceMap = new SourceMap(payload as never);
    const root = payload.sourceRoot;
    const sources = (payload.sources ?? []).map((s) => resolveSource(s ?? '', root, generated));
    map = {
      sources,
      lookup(line, column) {
        const entry = sourceMap.findEntry(line - 1, column - 1) as Entry;
        // findEntry falls back to the last mapping of an earlier line (every Node version): that is
        // another statement's position, not this one's.
        if (entry.generatedLine !== line - 1 || entry.originalSource === undefined) return undefined;
        if (entry.originalLine === undefined) return undefined;
        return {
          file: resolveSource(entry.originalSource, root, generated),
          line: entry.originalLine + 1,
          column: (entry.originalColumn ?? 0) + 1,
        };
      },
    };
  } catch {
    // An unreadable map leaves the frame to the next source of maps.
  }
  parsed.set(key, map);
  return map;
}
