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

/** Where a hook was written, when the runner keeps it: a line, or a position V8 ran (mapped at
 * report time, like node:test's loc of a test). */
export type HookPlace = Pick<TestRef, 'line' | 'at'>;

/** The same test's ref for one of its hooks, made once per (owner, hook). A beforeAll/afterAll
 * `body` gets a ref of its own whose line is the hook's, not the suite's (the describe's): `placeOf`
 * when the runner keeps where the hook was registered, else where `body` is defined (found at report
 * time). */
export function hookRefs(
  refFor: (owner: object) => TestRef,
): (owner: object, hook: HookName, body?: unknown, placeOf?: () => HookPlace | undefined) => TestRef {
  const cache = new WeakMap<object, Partial<Record<HookName, TestRef>>>();
  const bodies = { beforeAll: new WeakMap<object, WeakMap<Function, TestRef>>(), afterAll: new WeakMap() };
  return (owner, hook, body, placeOf) => {
    if (typeof body === 'function' && (hook === 'beforeAll' || hook === 'afterAll')) {
      // One function may be both a suite's beforeAll and its afterAll.
      let byBody = bodies[hook].get(owner);
      if (byBody === undefined) bodies[hook].set(owner, (byBody = new WeakMap()));
      let ref = byBody.get(body);
      if (ref === undefined) {
        ref = { ...refFor(owner), hook };
        delete ref.at;
        const place = placeOf?.();
        if (place?.line !== undefined) Object.assign(ref, place);
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
