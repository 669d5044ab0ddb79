// The test (or hook) that was running when a resource was made, as the runner names it.
import { fileURLToPath } from 'node:url';
import type { TestInfo } from '../../report/types.js';
import { relative } from '../source/frames.js';
import { linesOf } from '../source/source-line.js';

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
  /** Finds `line` when a report names the test (vitest without includeTaskLocation). */
  locate?: () => number | undefined;
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

const QUOTES = ["'", '"', '`'];

/** Where a test was written, found from its titles (each describe's, then its own) at report time:
 * each the first string literal with that text that is an argument right after a `(`, after the
 * one before it, in the file's source. None when a title is not written literally (test.each's
 * %s, a computed name). For a runner that would otherwise format a stack for every test it
 * collects (vitest.ts says what that cost): this runs only for the tests a report names. */
export function lineOfTitles(file: unknown, titles: readonly string[]): number | undefined {
  if (typeof file !== 'string' || titles.length === 0) return undefined;
  const lines = linesOf(file.startsWith('file://') ? fileURLToPath(file) : file);
  if (lines === null) return undefined;
  let line = 0;
  let column = 0;
  for (const title of titles) {
    const found = findTitle(lines, title, line, column);
    if (found === undefined) return undefined;
    [line, column] = [found[0], found[1] + 1];
  }
  return line + 1;
}

function findTitle(
  lines: readonly string[],
  title: string,
  fromLine: number,
  fromColumn: number,
): [number, number] | undefined {
  for (let n = fromLine; n < lines.length; n++) {
    const text = lines[n]!;
    let best = -1;
    for (const quote of QUOTES) {
      const needle = quote + title + quote;
      for (let i = text.indexOf(needle, n === fromLine ? fromColumn : 0); i !== -1; i = text.indexOf(needle, i + 1)) {
        if (afterParen(lines, n, i)) {
          if (best === -1 || i < best) best = i;
          break;
        }
      }
    }
    if (best !== -1) return [n, best];
  }
  return undefined;
}

/** Whether the first non-blank character before column `column` of line `n` is `(` (on an earlier
 * line when the argument starts a line of its own). */
function afterParen(lines: readonly string[], n: number, column: number): boolean {
  const before = lines[n]!.slice(0, column).trimEnd();
  if (before !== '') return before.endsWith('(');
  for (let m = n - 1; m >= 0; m--) {
    const text = lines[m]!.trimEnd();
    if (text !== '') return text.endsWith('(');
  }
  return false;
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
