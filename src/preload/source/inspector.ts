// An in-process inspector session, opened only when a report needs it and closed by the snapshot
// that opened it (a later snapshot opens a new one): the scripts V8 knows (for the inline source
// maps of code evaluated through `vm`) and where a function is defined (for timers recorded
// without a stack).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { RawFrame } from '../hooks/capture.js';

const require = createRequire(__filename);

interface Scripts {
  /** url (as a path) -> inline sourceMappingURL, for scripts compiled through vm. */
  maps: Map<string, string>;
  /** scriptId -> url. */
  urls: Map<string, string>;
  session: import('node:inspector').Session | undefined;
}
let scripts: Scripts | undefined;

export function toPath(file: string): string {
  if (file.startsWith('file://')) {
    try {
      return fileURLToPath(file);
    } catch {
      return file;
    }
  }
  return file;
}

/** Every script V8 knows, read from an in-process session the first time it is asked for. */
export function inspectorScripts(): Scripts {
  if (scripts) return scripts;
  const found: Scripts = { maps: new Map(), urls: new Map(), session: undefined };
  scripts = found;
  try {
    const inspector = require('node:inspector') as typeof import('node:inspector');
    const session = new inspector.Session();
    session.connect();
    session.on(
      'Debugger.scriptParsed',
      (message: { params: { scriptId: string; url: string; sourceMapURL?: string } }) => {
        const { scriptId, url, sourceMapURL } = message.params;
        found.urls.set(scriptId, url);
        if (sourceMapURL && sourceMapURL.startsWith('data:')) found.maps.set(toPath(url), sourceMapURL);
      },
    );
    // In-process sessions dispatch synchronously: every known script is reported during this call.
    session.post('Debugger.enable');
    found.session = session;
  } catch {
    // No inspector (e.g. built without it): vm frames stay unmapped.
  }
  return found;
}

/** Ends the session; the next inspectorScripts() opens a fresh one. */
export function closeInspector(): void {
  const open = scripts;
  scripts = undefined;
  try {
    open?.session?.post('Debugger.disable');
    open?.session?.disconnect();
  } catch {
    // Nothing to recover.
  }
}

const SLOT = Symbol.for('lingering.inspect');

/** Where a function is defined ([[FunctionLocation]]), as a raw frame; undefined when unknown. */
export function functionLocation(fn: unknown): RawFrame | undefined {
  if (typeof fn !== 'function') return undefined;
  const { session, urls } = inspectorScripts();
  if (!session) return undefined;
  const slot = globalThis as { [SLOT]?: unknown };
  let frame: RawFrame | undefined;
  try {
    slot[SLOT] = fn;
    session.post('Runtime.evaluate', { expression: `globalThis[Symbol.for('lingering.inspect')]` }, (err, res) => {
      const objectId = res?.result?.objectId;
      if (err || !objectId) return;
      session.post('Runtime.getProperties', { objectId, ownProperties: true }, (err2, props) => {
        const loc = props?.internalProperties?.find((p) => p.name === '[[FunctionLocation]]')?.value?.value as
          { scriptId: string; lineNumber: number; columnNumber: number } | undefined;
        const url = loc && urls.get(loc.scriptId);
        if (err2 || !loc || !url) return;
        frame = {
          fn: (fn as { name?: string }).name || '<anonymous>',
          file: url,
          line: loc.lineNumber + 1,
          column: loc.columnNumber + 1,
          native: false,
          isConstructor: false,
          isAsync: false,
        };
      });
      session.post('Runtime.releaseObject', { objectId });
    });
  } catch {
    return undefined;
  } finally {
    delete slot[SLOT];
  }
  return frame;
}
