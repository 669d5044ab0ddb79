// vitest 4 and 5, every pool (forks, threads, vmForks, vmThreads).
// Read: @vitest/runner 4.1.12 dist/chunk-artifact.js (collectTests: runner.importFile(path, 'setup')
// for each setup file, then importFile(path, 'collect'); runTest: onBeforeRunTask, beforeEach hooks
// called with (test.context, suite), runner.runTask(test) when the runner has one else the test fn,
// afterEach, then `await runner.onAfterRunTask(test)`; runSuite: beforeAll(suite), children,
// afterAll(suite), `await runner.onAfterRunSuite(suite)`; createTest records task.location only with
// config.includeTaskLocation); vitest's TestRunner (no runTask of its own; static getSuiteHooks,
// getTestFn); the worker's setup assigns globalThis.__vitest_required__ right after defining
// __vitest_index__ (vitest's index, which exports TestRunner), before it runs the tests. vitest 5.1
// bundles the same calls.
//
// vitest's getCurrentTest() is one module variable: under test.concurrent it names another test.
// The context here comes from the body and hooks being run with runWith().
import { endScope, enterPhase, runWith, setActiveRunner } from './context.js';
import { hookRefs, lineIn, lineOfTitles, testFile, type TestRef } from './test-ref.js';

const GLOBAL = '__vitest_required__';

interface Task {
  name: string;
  suite?: Task;
  file?: { filepath: string };
  filepath?: string;
  location?: { line: number };
}
type Hook = (...args: unknown[]) => unknown;
type Hooks = Partial<Record<'beforeAll' | 'beforeEach' | 'afterEach' | 'afterAll', Hook[]>>;
interface TestRunnerClass {
  prototype: Record<string, unknown>;
  getSuiteHooks?: (suite: Task) => Hooks | undefined;
  getTestFn?: (test: Task) => (...args: unknown[]) => unknown;
}

const refs = new WeakMap<object, TestRef>();

function refFor(task: Task): TestRef {
  let ref = refs.get(task);
  if (ref === undefined) {
    const names: string[] = [];
    for (let t: Task | undefined = task; t && !('filepath' in t); t = t.suite) names.unshift(t.name);
    const file = testFile(task.file?.filepath ?? task.filepath);
    const name = names.join(' > ') || '(file)';
    ref = { file, name, runner: 'vitest', junit: { classname: file, name }, key: task };
    if (task.location) ref.line = task.location.line;
    else {
      const filepath = task.file?.filepath ?? task.filepath;
      let line: number | undefined | null = null;
      ref.locate = () => (line === null ? (line = lineOfTitles(filepath, names)) : line);
    }
    refs.set(task, ref);
  }
  return ref;
}
const hookRef = hookRefs((owner) => refFor(owner as Task));

const wrappedHooks = new WeakSet<Function>();

/** Where beforeAll/afterAll was called: vitest keeps an Error made there on the hook (under a symbol
 * of its own), whose stack its worker source-maps. */
function hookLine(fn: Function, suite: Task): number | undefined {
  try {
    return stackTraceLine(fn, suite.file?.filepath ?? suite.filepath);
  } catch {
    return undefined;
  }
}

function stackTraceLine(fn: Function, file: string | undefined): number | undefined {
  for (const key of Object.getOwnPropertySymbols(fn)) {
    // Not instanceof Error: the vm pools make it in the test file's own realm.
    const value = (fn as unknown as Record<symbol, unknown>)[key] as { message?: unknown; stack?: unknown } | null;
    if (typeof value === 'object' && value?.message === 'STACK_TRACE_ERROR') return lineIn(value.stack, file);
  }
  return undefined;
}

function wrapHooks(list: Hook[] | undefined, hook: keyof Hooks): void {
  if (!Array.isArray(list)) return;
  const each = hook === 'beforeEach' || hook === 'afterEach';
  list.forEach((fn, i) => {
    if (typeof fn !== 'function' || wrappedHooks.has(fn)) return;
    const wrapper = function (this: unknown, ...args: unknown[]): unknown {
      // beforeEach/afterEach(context, suite): context.task is the test; beforeAll/afterAll(suite).
      let ref: TestRef | undefined;
      try {
        const owner = each ? (args[0] as { task?: Task } | undefined)?.task : (args[0] as Task | undefined);
        if (owner) ref = hookRef(owner, hook, fn, () => ({ line: hookLine(fn, owner) }));
      } catch {
        // A task we do not understand: the hook runs as it is.
      }
      return ref ? runWith(ref, fn as never, this, args) : Reflect.apply(fn, this, args);
    };
    // vitest keeps hook options (cleanup timeouts) as own properties.
    for (const key of Reflect.ownKeys(fn)) {
      if (key === 'length' || key === 'name' || key === 'prototype') continue;
      Object.defineProperty(wrapper, key, Object.getOwnPropertyDescriptor(fn, key)!);
    }
    wrappedHooks.add(wrapper);
    list[i] = wrapper;
  });
}

/** In vm pools each context evaluates its own runner: one patch per TestRunner class. */
const patched = new WeakSet<object>();

function patch(TestRunner: TestRunnerClass): void {
  if (patched.has(TestRunner)) return;
  patched.add(TestRunner);
  setActiveRunner('vitest');
  const proto = TestRunner.prototype;
  const original = (name: string) => proto[name] as ((...args: unknown[]) => unknown) | undefined;

  // A test's line: vitest computes task.location (from the Error it makes for each test) only with
  // includeTaskLocation, and then formats and source-maps that Error's stack for every test and suite
  // it collects: lingering turned it on, and it cost 3-5% of the bench suite's time. A test that a
  // report names is found from its titles in its file instead (lineOfTitles); task.location is used
  // when the user's own config asks for it.
  // The collect phase starts in importFile, not onCollectStart: vitest's worker replaces the
  // instance's onCollectStart with one that awaits an RPC first, and the runner does not await it
  // (the file may be collected, and its tests run, before our part of it runs).
  const importFile = original('importFile');
  proto.importFile = function (this: unknown, ...args: unknown[]) {
    // The file's setup files, then the file itself: the user's code from here on.
    enterPhase('collect');
    return importFile && Reflect.apply(importFile, this, args);
  };

  const onBeforeRunSuite = original('onBeforeRunSuite');
  proto.onBeforeRunSuite = function (this: unknown, suite: Task, ...rest: unknown[]) {
    const hooks = TestRunner.getSuiteHooks?.(suite);
    if (hooks)
      for (const hook of ['beforeAll', 'beforeEach', 'afterEach', 'afterAll'] as const) wrapHooks(hooks[hook], hook);
    return onBeforeRunSuite && Reflect.apply(onBeforeRunSuite, this, [suite, ...rest]);
  };

  // The test body: runTest calls runner.runTask(test) when there is one, else getTestFn(test)().
  const runTask = original('runTask');
  proto.runTask = function (this: unknown, test: Task) {
    if (runTask) return runWith(refFor(test), runTask as never, this, [test]);
    const fn = TestRunner.getTestFn?.(test);
    return fn ? runWith(refFor(test), fn as never, undefined, []) : undefined;
  };

  // Awaited by vitest: after beforeEach, the body, afterEach, cleanups and onTestFinished.
  const onAfterRunTask = original('onAfterRunTask');
  proto.onAfterRunTask = function (this: unknown, test: Task, ...rest: unknown[]) {
    const result = onAfterRunTask && Reflect.apply(onAfterRunTask, this, [test, ...rest]);
    return Promise.resolve(result).then(() => endScope(refFor(test), 'test'));
  };
  const onAfterRunSuite = original('onAfterRunSuite');
  proto.onAfterRunSuite = function (this: unknown, suite: Task, ...rest: unknown[]) {
    const result = onAfterRunSuite && Reflect.apply(onAfterRunSuite, this, [suite, ...rest]);
    return Promise.resolve(result).then(() => endScope(refFor(suite), 'suite'));
  };
}

/** A child_process pool's worker (forks, vmForks): the script vitest forks. A program a test starts
 * inherits VITEST=true too, but not this script. */
const FORK_WORKER = /[\\/]vitest[\\/]dist[\\/]workers[\\/](?:vmForks|forks)\.js$/;

/** Only in processes vitest started (VITEST=true): an accessor for the global the worker sets up. */
export function installVitest(env: NodeJS.ProcessEnv, argv: readonly string[]): void {
  if (env.VITEST !== 'true' || Object.getOwnPropertyDescriptor(globalThis, GLOBAL)) return;
  if (FORK_WORKER.test(argv[1] ?? '')) enterPhase('startup');
  const values = new WeakMap<object, unknown>();
  // Not configurable on purpose: vitest copies the worker's globals into each vm context (vm pools);
  // a configurable accessor becomes a read-only value there, and the worker's assignment throws. A
  // non-configurable one is copied as it is, so the setter also runs inside a vm context.
  Object.defineProperty(globalThis, GLOBAL, {
    configurable: false,
    enumerable: false,
    get(this: object) {
      return values.get(this);
    },
    set(this: { __vitest_index__?: { TestRunner?: unknown } }, value: unknown) {
      values.set(this, value);
      try {
        const TestRunner = this?.__vitest_index__?.TestRunner;
        if (typeof TestRunner === 'function') patch(TestRunner as unknown as TestRunnerClass);
      } catch {
        // A vitest we do not understand runs as it is.
      }
    },
  });
}
