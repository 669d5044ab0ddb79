// mocha 10 to 12 (12's lib/*.js are ESM, required from lib/mocha.cjs through require(esm)). Read:
// mocha 12.0.3 lib/runnable.js (Runnable#run calls the test or hook body), lib/runner.js (Runner#hook
// runs a suite's hooks of one kind and sets hook.ctx.currentTest for each-hooks; Runner#hookUp runs
// the afterEach hooks once per test, after it ended), lib/suite.js (addTest, addSuite), xunit reporter
// (classname = the parent suite's full title, name = the test's title).
//
// The watcher reacts only to mocha's own requires of runner, runnable and suite (also in --parallel
// workers). mocha keeps no line for a test: addTest/addSuite capture one stack each, formatted only
// when that test's ref is first made.
import { sep } from 'node:path';
import { onRequire } from './module-hook.js';
import { endScope, runWith, setActiveRunner } from './context.js';
import { hookRefs, lineIn, testFile, type HookName, type TestRef } from './test-ref.js';

const MOCHA_LIB = `${sep}mocha${sep}lib${sep}`;
const WANTED = /(?:^|\/)(runner|runnable|suite)(?:\.c?js)?$/;

interface Runnable {
  type?: string;
  title?: string;
  originalTitle?: string;
  file?: string;
  root?: boolean;
  parent?: Runnable & { fullTitle?: () => string };
  ctx?: { currentTest?: Runnable };
  titlePath?: () => string[];
  fn?: unknown;
}
// Runner methods run with the runner's own `this`, whatever its type.
type Method = (this: any, ...args: unknown[]) => unknown;
type Class = { prototype: Record<string, Method> };

const defined = new WeakMap<object, { stack?: string }>();
const refs = new WeakMap<object, TestRef>();

function refFor(runnable: Runnable): TestRef {
  let ref = refs.get(runnable);
  if (ref === undefined) {
    const titles = typeof runnable.titlePath === 'function' ? runnable.titlePath() : [runnable.title ?? ''];
    const parent = runnable.parent;
    ref = {
      file: testFile(runnable.file),
      name: runnable.root ? '(root)' : titles.join(' > '),
      runner: 'mocha',
      junit: {
        classname: typeof parent?.fullTitle === 'function' ? parent.fullTitle() : '',
        name: runnable.title ?? '',
      },
      key: runnable,
    };
    const line = lineIn(defined.get(runnable)?.stack, runnable.file);
    if (line !== undefined) ref.line = line;
    refs.set(runnable, ref);
  }
  return ref;
}
const hookRef = hookRefs((owner) => refFor(owner as Runnable));

const HOOK_TITLES: Array<[string, HookName]> = [
  ['"before all" hook', 'beforeAll'],
  ['"before each" hook', 'beforeEach'],
  ['"after each" hook', 'afterEach'],
  ['"after all" hook', 'afterAll'],
];

function refForRun(runnable: Runnable): TestRef | undefined {
  if (runnable.type === 'test') return refFor(runnable);
  if (runnable.type !== 'hook') return undefined;
  const title = runnable.originalTitle || runnable.title || '';
  for (const [prefix, hook] of HOOK_TITLES) {
    if (!title.startsWith(prefix)) continue;
    const each = hook === 'beforeEach' || hook === 'afterEach';
    const owner = each ? runnable.ctx?.currentTest : runnable.parent;
    return owner ? hookRef(owner, hook, runnable.fn) : undefined;
  }
  return undefined;
}

function patchRunnable(Runnable: Class): void {
  const run = Runnable.prototype.run!;
  Runnable.prototype.run = function (this: Runnable, ...args: unknown[]) {
    const ref = refForRun(this);
    return ref === undefined ? Reflect.apply(run, this, args) : runWith(ref, run as never, this, args);
  };
}

/** The end of a test (after its afterEach hooks) and of a suite (after its afterAll hooks): the
 * check runs, then mocha goes on. */
function patchRunner(Runner: Class): void {
  const hookUp = Runner.prototype.hookUp!;
  Runner.prototype.hookUp = function (this: { test?: Runnable }, name: unknown, fn: unknown, ...rest: unknown[]) {
    const test = this.test;
    if (name !== 'afterEach' || typeof fn !== 'function' || !test)
      return Reflect.apply(hookUp, this, [name, fn, ...rest]);
    const done = function (this: unknown, ...args: unknown[]) {
      void endScope(refFor(test), 'test').then(() => fn.apply(this, args));
    };
    return Reflect.apply(hookUp, this, [name, done, ...rest]);
  };
  const hook = Runner.prototype.hook!;
  Runner.prototype.hook = function (this: { suite?: Runnable }, name: unknown, fn: unknown, ...rest: unknown[]) {
    const suite = this.suite;
    if (name !== 'afterAll' || typeof fn !== 'function' || !suite)
      return Reflect.apply(hook, this, [name, fn, ...rest]);
    const done = function (this: unknown, ...args: unknown[]) {
      void endScope(refFor(suite), 'suite').then(() => fn.apply(this, args));
    };
    return Reflect.apply(hook, this, [name, done, ...rest]);
  };
}

function patchSuite(Suite: Class): void {
  for (const method of ['addTest', 'addSuite']) {
    const original = Suite.prototype[method]!;
    const replacement = function (this: unknown, child: unknown, ...rest: unknown[]) {
      if (child !== null && typeof child === 'object') {
        const holder: { stack?: string } = {};
        Error.captureStackTrace(holder, replacement);
        defined.set(child, holder);
      }
      return Reflect.apply(original, this, [child, ...rest]);
    };
    Suite.prototype[method] = replacement;
  }
}

/** In a mocha process (its CLI or a --parallel worker: argv says mocha). */
export function installMocha(argv: readonly string[]): void {
  if (!/(^|[\\/])mocha([\\/]|$)/.test(argv[1] ?? '')) return;
  const patched = new Set<string>();
  onRequire((request, parent, exports) => {
    const from = parent?.filename;
    if (typeof from !== 'string' || !from.includes(MOCHA_LIB)) return false;
    const match = WANTED.exec(request);
    if (!match) return false;
    const name = match[1]![0]!.toUpperCase() + match[1]!.slice(1);
    const Class = (typeof exports === 'function' ? exports : (exports as Record<string, unknown> | null)?.[name]) as
      Class | undefined;
    if (typeof Class !== 'function' || patched.has(name)) return patched.size === 3;
    patched.add(name);
    setActiveRunner('mocha');
    if (name === 'Runnable') patchRunnable(Class);
    else if (name === 'Runner') patchRunner(Class);
    else patchSuite(Class);
    return patched.size === 3;
  });
}
