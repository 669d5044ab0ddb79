// jest with jest-circus (its default runner since 27; read: jest-circus 30.5.2 build/runner.js
// (jestAdapter), build/jestAdapterInit.js (environment.handleTestEvent becomes an event handler right
// after circus's own; add_test / add_hook push the new test or hook; test_done is dispatched after
// the afterEach hooks and run_describe_finish after afterAll; dispatch awaits every handler; no
// each-hooks for concurrent tests).
//
// jest-runner loads the test runner with require(), in workers and in band alike: the watcher wraps
// it so that the test environment gets a handleTestEvent of ours (chained with its own). On add_test
// and add_hook the new test's or hook's fn is replaced by a wrapper with the same length (jest picks
// the done-callback style by it) that runs it as that test; circus reads fn when it runs it.
import { onRequire } from './module-hook.js';
import { endScope, setActiveRunner, setRunnerCode, wrap } from './context.js';
import { hookRefs, lineIn, testFile, type HookName, type TestRef } from './test-ref.js';

const RUNNER = /[\\/]jest-circus[\\/](?:build[\\/])?runner(?:\.js)?$/;
const ROOT = 'ROOT_DESCRIBE_BLOCK';

interface Node {
  name: string;
  type?: string;
  parent?: Node;
  fn?: Function;
  asyncError?: { stack?: string };
  children?: Node[];
  hooks?: Array<{ type: string; fn: Function; parent: Node }>;
}
interface State {
  currentDescribeBlock?: Node;
  currentlyRunningTest?: Node;
}
interface TestEvent {
  name: string;
  fn?: Function;
  blockName?: string;
  test?: Node;
  describeBlock?: Node;
}

const HOOKS: Record<string, HookName> = {
  beforeAll: 'beforeAll',
  beforeEach: 'beforeEach',
  afterEach: 'afterEach',
  afterAll: 'afterAll',
};

function handlerFor(testPath: string): (event: TestEvent, state: State) => unknown {
  const refs = new WeakMap<object, TestRef>();
  const defined = new WeakMap<object, { stack?: string }>();
  let current: State | undefined;

  const refFor = (node: Node): TestRef => {
    let ref = refs.get(node);
    if (ref === undefined) {
      const titles: string[] = [];
      for (let n: Node | undefined = node; n && n.name !== ROOT; n = n.parent) titles.unshift(n.name);
      let stack: string | undefined;
      try {
        // Where test() or describe() was called (jest keeps that Error, source-mapped).
        stack = node.asyncError?.stack ?? defined.get(node)?.stack;
      } catch {
        stack = undefined;
      }
      const file = testFile(testPath);
      // jest-junit's defaults: classname and name are both "{classname} {title}", where classname is
      // the ancestor titles joined by spaces (so a top-level test's starts with a space).
      const junit = `${titles.slice(0, -1).join(' ')} ${titles[titles.length - 1] ?? ''}`;
      ref = {
        file,
        name: titles.join(' > ') || '(file)',
        runner: 'jest',
        junit: { classname: junit, name: junit },
        key: node,
      };
      const line = lineIn(stack, testPath);
      if (line !== undefined) ref.line = line;
      refs.set(node, ref);
    }
    return ref;
  };
  const hookRef = hookRefs((owner) => refFor(owner as Node));

  return function handleTestEvent(event, state) {
    current = state;
    switch (event.name) {
      case 'add_test': {
        const children = state.currentDescribeBlock?.children;
        const test = children?.[children.length - 1];
        if (test?.type === 'test' && test.fn === event.fn && test.fn) test.fn = wrap(test.fn, () => refFor(test));
        return undefined;
      }
      case 'start_describe_definition': {
        // A describe block keeps no stack of its own: one capture, formatted only if reported.
        const block = state.currentDescribeBlock;
        if (block && block.name === event.blockName && !defined.has(block)) {
          const holder: { stack?: string } = {};
          Error.captureStackTrace(holder, handleTestEvent);
          defined.set(block, holder);
        }
        return undefined;
      }
      case 'add_hook': {
        const hooks = state.currentDescribeBlock?.hooks;
        const hook = hooks?.[hooks.length - 1];
        const type = hook && HOOKS[hook.type];
        if (!hook || !type || hook.fn !== event.fn) return undefined;
        const body = hook.fn;
        hook.fn = wrap(body, () => {
          if (type === 'beforeAll' || type === 'afterAll') return hookRef(hook.parent, type, body);
          // Each-hooks run between test_start and test_done, for one test at a time.
          const test = current?.currentlyRunningTest;
          return test ? hookRef(test, type) : undefined;
        });
        return undefined;
      }
      case 'test_done':
        return event.test && endScope(refFor(event.test), 'test');
      case 'run_describe_finish':
        return event.describeBlock && endScope(refFor(event.describeBlock), 'suite');
      default:
        return undefined;
    }
  };
}

type Adapter = (...args: unknown[]) => unknown;

function wrapAdapter(jestAdapter: Adapter): Adapter {
  const seen = new WeakSet<object>();
  return function (this: unknown, ...args: unknown[]) {
    // jestAdapter(globalConfig, config, environment, runtime, testPath, ...)
    const environment = args[2] as { handleTestEvent?: Function } | undefined;
    const testPath = args[4];
    if (environment && typeof testPath === 'string' && !seen.has(environment)) {
      seen.add(environment);
      setActiveRunner('jest');
      // In band, DefaultReporter wraps process.stdout.write and flushes it with a 100 ms timer.
      setRunnerCode(/[\\/]@jest[\\/]reporters[\\/]/);
      const ours = handlerFor(testPath);
      const theirs = environment.handleTestEvent;
      environment.handleTestEvent = function (this: unknown, event: TestEvent, state: State) {
        let a: unknown;
        try {
          a = ours(event, state);
        } catch {
          a = undefined;
        }
        const b = typeof theirs === 'function' ? Reflect.apply(theirs, this, [event, state]) : undefined;
        if (a && b && typeof (b as Promise<unknown>).then === 'function') return Promise.all([a, b]);
        return b !== undefined ? b : a;
      };
    }
    return Reflect.apply(jestAdapter, this, args);
  };
}

/** In a jest process (its main process or a worker: argv says jest or jest-worker). */
export function installJest(argv: readonly string[]): void {
  if (!/(^|[\\/])(jest|jest-cli|jest-worker)([\\/]|$)/.test(argv[1] ?? '')) return;
  onRequire((request, _parent, exports, replace) => {
    if (!RUNNER.test(request) || exports === null || (typeof exports !== 'object' && typeof exports !== 'function')) {
      return false;
    }
    const module = exports as { default?: unknown };
    if (typeof exports === 'function') replace(wrapAdapter(exports as Adapter));
    else if (typeof module.default === 'function') {
      const wrapped = { ...module, default: wrapAdapter(module.default as Adapter) };
      replace(Object.defineProperty(wrapped, '__esModule', { value: true }));
    }
    return true;
  });
}
