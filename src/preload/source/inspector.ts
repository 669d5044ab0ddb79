// An in-process inspector session, opened only when a report needs it (a frame of code that did not
// run from its file as is, or a callback to locate) and closed by the snapshot that opened it: a
// later snapshot opens a new one.
import { createRequire } from 'node:module';
import type { RawFrame } from '../hooks/capture.js';

const require = createRequire(__filename);

/** A script V8 knows (Debugger.scriptParsed). */
export interface Script {
  id: string;
  url: string;
  /** SHA-256 hex of its source: the same as CallSite#getScriptHash() of its frames. */
  hash: string;
  /** Its sourceMappingURL comment: a data: URL for the maps runners inline. */
  sourceMapURL: string;
  /** Where its source starts (vitest compiles with a negative column offset). */
  startLine: number;
  startColumn: number;
}

interface Scripts {
  byHash: Map<string, Script>;
  byId: Map<string, Script>;
  session: import('node:inspector').Session | undefined;
}
let scripts: Scripts | undefined;

/** Every script V8 knows, read from an in-process session the first time it is asked for. */
export function inspectorScripts(): Scripts {
  if (scripts) return scripts;
  const found: Scripts = { byHash: new Map(), byId: new Map(), session: undefined };
  scripts = found;
  try {
    const inspector = require('node:inspector') as typeof import('node:inspector');
    const session = new inspector.Session();
    session.connect();
    session.on('Debugger.scriptParsed', (message: { params: Script & { scriptId: string } }) => {
      const { scriptId, url, hash, sourceMapURL = '', startLine, startColumn } = message.params;
      if (!url || url.startsWith('node:')) return;
      const script: Script = { id: scriptId, url, hash, sourceMapURL, startLine, startColumn };
      found.byId.set(scriptId, script);
      // The same source evaluated twice (a module registry per test file): either copy will do,
      // preferably one that names its map.
      const seen = found.byHash.get(hash);
      if (!seen || (!seen.sourceMapURL && sourceMapURL)) found.byHash.set(hash, script);
    });
    // In-process sessions dispatch synchronously: every known script is reported during this call.
    session.post('Debugger.enable');
    found.session = session;
  } catch {
    // No inspector (e.g. built without it): vm frames stay unmapped.
  }
  return found;
}

/** Scripts a report looked up by hash, kept when the session closes: a --per-test check looks up the
 * same test file's script test after test, and each new session has V8 report (and hash) every
 * script it knows again (~7 ms in a vitest fork, ~50 ms the first time). Bounded by the transformed
 * scripts whose frames were reported. */
const lookedUp = new Map<string, Script>();

/** The script V8 ran whose source has this SHA-256 hash, if it is known. */
export function scriptByHash(hash: string): Script | undefined {
  let script = lookedUp.get(hash);
  if (script === undefined) {
    script = inspectorScripts().byHash.get(hash);
    if (script !== undefined) lookedUp.set(hash, script);
  }
  return script;
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

/** A script's source text (to find a file inside a wrapper); undefined when unavailable. */
export function scriptSource(script: Script): string | undefined {
  let source: string | undefined;
  try {
    inspectorScripts().session?.post('Debugger.getScriptSource', { scriptId: script.id }, (err, res) => {
      if (!err) source = res?.scriptSource;
    });
  } catch {
    return undefined;
  }
  return source;
}

const SLOT = Symbol.for('lingering.inspect');

/** Where a function is defined ([[FunctionLocation]]), as a raw frame of its script; undefined
 * when unknown. */
export function functionLocation(fn: unknown): (RawFrame & { scriptHash: string }) | undefined {
  if (typeof fn !== 'function') return undefined;
  const { session, byId } = inspectorScripts();
  if (!session) return undefined;
  const slot = globalThis as { [SLOT]?: unknown };
  let frame: (RawFrame & { scriptHash: string }) | undefined;
  try {
    slot[SLOT] = fn;
    session.post('Runtime.evaluate', { expression: `globalThis[Symbol.for('lingering.inspect')]` }, (err, res) => {
      const objectId = res?.result?.objectId;
      if (err || !objectId) return;
      session.post('Runtime.getProperties', { objectId, ownProperties: true }, (err2, props) => {
        const loc = props?.internalProperties?.find((p) => p.name === '[[FunctionLocation]]')?.value?.value as
          { scriptId: string; lineNumber: number; columnNumber: number } | undefined;
        const script = loc && byId.get(loc.scriptId);
        if (err2 || !loc || !script) return;
        frame = {
          fn: (fn as { name?: string }).name || '<anonymous>',
          file: script.url,
          line: loc.lineNumber + 1,
          column: loc.columnNumber + 1,
          native: false,
          isConstructor: false,
          isAsync: false,
          scriptHash: script.hash,
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
