// The test (or hook) that was running when a resource was made, as the runner names it.
import { fileURLToPath } from 'node:url';
import type { TestInfo } from '../../report/types.js';
import { relative } from '../source/frames.js';

/** What a task's `test` says, plus the scope it belongs to: `key` is the runner's test object (or
 * the suite, for beforeAll/afterAll): a test's body and its each-hooks share it, so the per-test
 * check judges what they made together. */
export interface TestRef extends TestInfo {
  key: object;
  /** Where the runner says the test is, as V8 ran it (node:test's loc): `line` is mapped from it
   * through the file's source maps at report time (tsx, ts-node, a transpiled file). */
  at?: { path: string; line: number; column: number };
  /** A beforeAll/afterAll hook's function: `line` is where it is defined. */
  body?: Function;
}

export type HookName = NonNullable<TestInfo['hook']>;

/** A path as reports show it: relative to the root, forward slashes. */
export function testFile(file: unknown): string {
  if (typeof file !== 'string') return '?';
  return relative(file.startsWith('file://') ? fileURLToPath(file) : file);
}

/** The line of `file` in a stack captured where the test was defined (runners that keep none). */
export function lineIn(stack: unknown, file: unknown): number | undefined {
  if (typeof stack !== 'string' || typeof file !== 'string') return undefined;
  for (const text of stack.split('\n')) {
    const at = text.indexOf(file);
    if (at === -1) continue;
    const match = /:(\d+):(\d+)\)?\s*$/.exec(text.slice(at + file.length));
    if (match) return Number(match[1]);
  }
  return undefined;
}

/** The same test's ref for one of its hooks, made once per (owner, hook). A beforeAll/afterAll
 * `body` gets a ref of its own whose line is the hook's, not the suite's (the describe's): `lineOf`
 * when the runner keeps where the hook was registered, else where `body` is defined (found at report
 * time). */
export function hookRefs(
  refFor: (owner: object) => TestRef,
): (owner: object, hook: HookName, body?: unknown, lineOf?: () => number | undefined) => TestRef {
  const cache = new WeakMap<object, Partial<Record<HookName, TestRef>>>();
  const bodies = new WeakMap<object, WeakMap<Function, TestRef>>();
  return (owner, hook, body, lineOf) => {
    if (typeof body === 'function' && (hook === 'beforeAll' || hook === 'afterAll')) {
      let byBody = bodies.get(owner);
      if (byBody === undefined) bodies.set(owner, (byBody = new WeakMap()));
      let ref = byBody.get(body);
      if (ref === undefined) {
        ref = { ...refFor(owner), hook };
        const line = lineOf?.();
        if (line !== undefined) ref.line = line;
        else ref.body = body;
        byBody.set(body, ref);
      }
      return ref;
    }
    let byHook = cache.get(owner);
    if (byHook === undefined) cache.set(owner, (byHook = {}));
    return (byHook[hook] ??= { ...refFor(owner), hook });
  };
}
