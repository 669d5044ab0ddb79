// One watcher on CommonJS loading, shared by the runners loaded with require() (jest's test runner,
// mocha's classes; mocha 12's ESM lib/*.js is required from lib/mocha.cjs through require(esm), which
// goes through Module._load too). Installed only in a process started as the runner (its argv), and
// removed as soon as every watcher found what it wanted: while it is there, its frame is in the
// stack of whatever is loading, which a program can see (an error thrown by a module at load time).
import Module from 'node:module';

export interface Parent {
  filename?: unknown;
}
/** Sees each request; returns true once it has found everything it wanted. `replace` changes what
 * this require() and the later ones of the same module return. */
type Watcher = (
  request: string,
  parent: Parent | undefined,
  exports: unknown,
  replace: (exports: unknown) => void,
) => boolean;

type Load = (request: unknown, parent: unknown, isMain: boolean) => unknown;
const target = Module as unknown as {
  _load: Load;
  _resolveFilename: Function;
  _cache: Record<string, { exports: unknown }>;
};

const watchers = new Set<Watcher>();
let original: Load | undefined;

function _load(this: unknown, request: unknown, parent: unknown, isMain: boolean): unknown {
  let exports = Reflect.apply(original!, this, [request, parent, isMain]);
  if (typeof request !== 'string') return exports;
  const replace = (replacement: unknown): void => {
    const cached = target._cache[target._resolveFilename(request, parent) as string];
    if (cached) cached.exports = replacement;
    exports = replacement;
  };
  for (const watcher of watchers) {
    try {
      if (watcher(request, parent as Parent | undefined, exports, replace)) watchers.delete(watcher);
    } catch {
      // A runner we do not understand stays as it is.
      watchers.delete(watcher);
    }
  }
  // Only if nobody wrapped it after us: theirs would be lost.
  if (watchers.size === 0 && target._load === _load) target._load = original!;
  return exports;
}

export function onRequire(watcher: Watcher): void {
  watchers.add(watcher);
  if (original !== undefined) return;
  original = target._load;
  target._load = _load;
}
