// node:test (Node 20 to 26; read: lib/internal/test_runner/test.js of 20.20, 22.23, 24.22, 26.12).
// Its Test class extends AsyncResource and runs every test, suite and hook body as
// ReflectApply(this.runInAsyncScope, this, [fn, ctx, ...args]). runInAsyncScope is looked up on the
// instance, so a wrapper on the public AsyncResource.prototype sees every call; it wraps `fn` (not
// the call: the Test resource's own store would win under async_hooks-based AsyncLocalStorage, as
// node:test notes itself in 24.22 test.js). The first node:test instance seen gives Test.prototype,
// where getRunArgs (its context -> test) and postRun (the end of a test, after its afterEach hooks)
// are then wrapped. node:test's diagnostics channel (tracing:node.test, 24.16+ only)
// carries no line and no hooks.
import { AsyncResource } from 'node:async_hooks';
import { fileURLToPath } from 'node:url';
import { endScope, runWith, setActiveRunner, whenChecked } from './context.js';
import { hookRefs, testFile, type HookName, type HookPlace, type TestRef } from './test-ref.js';

interface Test {
  name: string;
  parent?: Test | null;
  loc?: { file?: string; line?: number; column?: number };
  entryFile?: string;
  hookType?: string;
  parentTest?: Test;
  root?: Test;
  subtests?: Test[];
  signal?: unknown;
  runHook?: unknown;
  postRun?: unknown;
  getRunArgs?: unknown;
  fn?: unknown;
}
// Runner methods run with the runner's own `this`, whatever its type.
type Method = (this: any, ...args: unknown[]) => unknown;

const HOOKS: Record<string, HookName> = {
  before: 'beforeAll',
  after: 'afterAll',
  beforeEach: 'beforeEach',
  afterEach: 'afterEach',
};

let TestProto: object | undefined;
const owners = new WeakMap<object, Test>(); // a TestContext -> its Test
const refs = new WeakMap<object, TestRef>();
const ended = new WeakSet<object>();

function titles(test: Test): string[] {
  const names = [test.name];
  for (let t = test.parent; t != null && t.parent != null; t = t.parent) names.unshift(t.name);
  return names;
}

function refFor(test: Test): TestRef {
  let ref = refs.get(test);
  if (ref === undefined) {
    const path = titles(test);
    const name = test.parent == null ? '(file)' : path.join(' > ');
    // node's junit reporter: a leaf test is a testcase named by itself, classname "test" (20, 22) or
    // its suites joined by "." (24+).
    const major = Number(process.versions.node.split('.')[0]);
    const classname = major >= 24 ? path.slice(0, -1).join('.') : 'test';
    ref = {
      file: testFile(test.loc?.file ?? test.entryFile ?? process.argv[1]),
      name,
      runner: 'node:test',
      junit: { classname, name: test.name },
      key: test,
    };
    Object.assign(ref, placeOf(test));
    refs.set(test, ref);
  }
  return ref;
}
const hookRef = hookRefs((owner) => refFor(owner as Test));

/** Where node:test says a test or hook is: the position V8 ran, mapped at report time (tsx). */
function placeOf(test: Test): HookPlace {
  const loc = test.loc;
  if (typeof loc?.line !== 'number') return {};
  if (typeof loc.file !== 'string' || typeof loc.column !== 'number') return { line: loc.line };
  const path = loc.file.startsWith('file://') ? fileURLToPath(loc.file) : loc.file;
  return { line: loc.line, at: { path, line: loc.line, column: loc.column } };
}

/** Whether `r` is a node:test Test: the class right under AsyncResource named Test, with its methods. */
function isTest(r: Test): boolean {
  if (TestProto !== undefined) return Object.prototype.isPrototypeOf.call(TestProto, r as object);
  if (typeof r.runHook !== 'function' || typeof r.postRun !== 'function' || typeof r.getRunArgs !== 'function') {
    return false;
  }
  let proto = Object.getPrototypeOf(r) as object | null;
  while (proto && Object.getPrototypeOf(proto) !== AsyncResource.prototype) proto = Object.getPrototypeOf(proto);
  if (!proto || (proto as { constructor: Function }).constructor.name !== 'Test') return false;
  activate(proto as Record<string, Method>);
  return true;
}

function activate(proto: Record<string, Method>): void {
  TestProto = proto;
  setActiveRunner('node:test');
  const getRunArgs = proto.getRunArgs!;
  proto.getRunArgs = function (this: Test, ...args: unknown[]) {
    const result = Reflect.apply(getRunArgs, this, args) as { ctx?: object } | undefined;
    if (result?.ctx) owners.set(result.ctx, this);
    return result;
  };
  patchPostRun(proto);
}

/** A test is over when run() calls postRun(), after its body and afterEach hooks (a suite's, after
 * its tests and after hooks). postRun() itself runs at once: it resets the test's mocks (t.mock of
 * stdout must not outlive it) and reports the result, and under `node --test` the orchestrator's
 * FileTest ends there. The next body waits for the check instead (installNodeTest). */
function patchPostRun(proto: Record<string, Method>): void {
  const postRun = proto.postRun!;
  proto.postRun = function (this: Test, ...args: unknown[]) {
    // Not hooks, not the root (it ends at exit), not the files `node --test` runs (the orchestrator's
    // FileTest: its tests run in their own process); each test once (isolation 'none' runs some twice).
    const name = (this as { constructor: Function }).constructor.name;
    if (this.hookType === undefined && this.parent != null && name !== 'FileTest' && !ended.has(this)) {
      ended.add(this);
      void endScope(refFor(this), name === 'Suite' ? 'suite' : 'test');
    }
    return Reflect.apply(postRun, this, args);
  };
}

/** The test a hook runs for. The first test's context was made before we knew the class: then the
 * tree is searched (a TestContext has its test's signal). */
function ownerOf(hook: Test, ctx: unknown): Test | undefined {
  if (ctx === null || typeof ctx !== 'object') return undefined;
  const known = owners.get(ctx);
  if (known !== undefined) return known;
  const root = hook.root ?? hook.parentTest?.root;
  const stack = root ? [root] : [];
  while (stack.length > 0) {
    const t = stack.pop()!;
    if (t.signal === (ctx as { signal?: unknown }).signal) {
      owners.set(ctx, t);
      return t;
    }
    if (t.subtests) stack.push(...t.subtests);
  }
  return undefined;
}

function refForRun(test: Test, ctx: unknown): TestRef | undefined {
  if (test.hookType === undefined) return test.parent == null ? undefined : refFor(test);
  const hook = HOOKS[test.hookType];
  const owner = ownerOf(test, ctx) ?? test.parentTest;
  return hook && owner ? hookRef(owner, hook, test.fn, () => placeOf(test)) : undefined;
}

/** Wraps runInAsyncScope, which every AsyncResource user calls: only once node:test is in use (its
 * first Test resource: onFirstResource), so that other programs never have our frame in theirs. */
export function installNodeTest(): void {
  const original = AsyncResource.prototype.runInAsyncScope;
  AsyncResource.prototype.runInAsyncScope = function runInAsyncScope(
    this: Test,
    fn: unknown,
    thisArg: unknown,
    ...args: unknown[]
  ): unknown {
    try {
      if (typeof fn === 'function' && isTest(this)) {
        const ref = refForRun(this, thisArg);
        if (ref !== undefined) {
          const body = fn as Method;
          const run = function (this: unknown, ...a: unknown[]): unknown {
            return runWith(ref, body as never, this, a);
          };
          // A test that ended a moment ago is still being checked: this body (or hook) starts after.
          const checked = whenChecked();
          fn =
            checked === undefined
              ? run
              : function (this: unknown, ...a: unknown[]) {
                  // A callback-style body (node:test passes `done` last when fn.length says so) must
                  // not return a promise: node:test fails it ("passed a callback but also returned a
                  // Promise"). It starts later all the same, and what it throws goes to its `done`.
                  const done = a[a.length - 1];
                  if (typeof done === 'function' && body.length === a.length) {
                    checked.then(() => Reflect.apply(run, this, a)).then(undefined, (error: unknown) => done(error));
                    return undefined;
                  }
                  return checked.then(() => Reflect.apply(run, this, a));
                };
        }
      }
    } catch {
      // A node:test we do not understand runs as it is.
    }
    return Reflect.apply(original, this, [fn, thisArg, ...args]);
  } as typeof AsyncResource.prototype.runInAsyncScope;
}
