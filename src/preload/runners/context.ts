// The one interface between the test runners and the rest of the preload. Each runner's file
// (vitest.ts, jest.ts, node-test.ts, mocha.ts) calls runWith() or wrap() where the runner invokes a
// test or hook body, and endScope() when a test (after its afterEach hooks) or a suite (after its
// afterAll hooks) is over. The tracker only asks currentTest() in its init hook and listens with
// onTestStart()/onTestEnd(); it never names a runner.
//
// The current test comes from an AsyncLocalStorage entered around the body, not from "the test
// running now": two concurrent tests each get their own, through every await and callback.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { TestRef } from './test-ref.js';
import { setImmediate } from '../builtins.js';
import { scopeEnter, scopeRun, scopeTest, testsCarriedHere } from '../hooks/test-scope.js';

// Made on the first test: a program that runs no test never enables it (on Node 24 with
// --no-async-context-frame its constructor installs an async hook at once).
let storage: AsyncLocalStorage<TestRef> | undefined;

/** Synchronous and allocation-free: safe inside the init hook. */
export function currentTest(): TestRef | undefined {
  if (storage !== undefined) return storage.getStore();
  return testsCarriedHere() ? scopeTest() : undefined;
}

let runner: string | undefined;

/** The runner whose tests run in this process or thread, once its adapter has hooked it. */
export function activeRunner(): string | undefined {
  return runner;
}

export function setActiveRunner(name: string): void {
  runner = name;
}

let runnerCode: RegExp | undefined;

/** Files of the runner's own that run inside a test's context on the test's behalf (jest's in-band
 * reporter wraps process.stdout.write and debounces its flush with a timer): what they make is the
 * runner's, not the test's. */
export function setRunnerCode(files: RegExp): void {
  runnerCode = files;
}

/** Whether a resource whose creation stack is `files` (innermost first) was made by the runner's own
 * code: the first file that is not Node's own is the runner's. */
export function madeByRunner(files: () => readonly string[]): boolean {
  if (runnerCode === undefined) return false;
  for (const file of files()) {
    if (file === '' || file.startsWith('node:')) continue;
    return runnerCode.test(file);
  }
  return false;
}

type Listener = (ref: TestRef, scope: 'test' | 'suite') => void;
const startListeners: Array<(ref: TestRef) => void> = [];
const endListeners: Listener[] = [];
const started = new WeakSet<TestRef>();

/** Called once per test or hook ref, when its body first starts. */
export function onTestStart(listener: (ref: TestRef) => void): void {
  startListeners.push(listener);
}

const phaseListeners: Array<(phase: Phase) => void> = [];

/** 'startup': this process is a runner's worker and is loading the runner (its own code only);
 * 'collect': the runner starts loading a test file, whose code (and its setup files') runs next. */
export type Phase = 'startup' | 'collect';

export function onPhase(listener: (phase: Phase) => void): void {
  phaseListeners.push(listener);
}

export function enterPhase(phase: Phase): void {
  for (const listener of phaseListeners) safely(() => listener(phase));
}

const everyAwaitListeners: Array<() => void> = [];

/** A runner whose test starts cannot be seen asks for a stack for every await instead. */
export function onEveryAwait(listener: () => void): void {
  everyAwaitListeners.push(listener);
}

export function askEveryAwait(): void {
  for (const listener of everyAwaitListeners) safely(listener);
}

/** Called once per test (after its afterEach hooks) and per suite (after its afterAll hooks), a few
 * event-loop turns after it ended. */
export function onTestEnd(listener: Listener): void {
  endListeners.push(listener);
}

/** Runs `fn` with `ref` as the current test of everything it makes, now or later. */
export function runWith<T>(ref: TestRef, fn: (...args: never[]) => T, thisArg: unknown, args: unknown[]): T {
  const store = begin(ref);
  const call = (): T => Reflect.apply(fn, thisArg, args) as T;
  return store === undefined ? scopeRun(ref, call) : store.run(ref, call);
}

/** Makes `ref` the current test from here on in this synchronous execution and everything it
 * starts (for runners whose test call cannot be wrapped). */
export function enterTest(ref: TestRef): void {
  const store = begin(ref);
  if (store === undefined) scopeEnter(ref);
  else store.enterWith(ref);
}

/** The storage, once the start listeners have heard of `ref` (the first time its body runs);
 * none where lingering's own hooks carry the test (hooks/test-scope.ts). */
function begin(ref: TestRef): AsyncLocalStorage<TestRef> | undefined {
  if (!started.has(ref)) {
    started.add(ref);
    for (const listener of startListeners) safely(() => listener(ref));
  }
  if (testsCarriedHere()) return undefined;
  return (storage ??= new AsyncLocalStorage<TestRef>());
}

/** Runs `fn` outside any test: the check's own settle turns are nobody's. */
export function outside<T>(fn: () => T): T {
  if (storage !== undefined) return storage.exit(fn);
  return testsCarriedHere() ? scopeRun(undefined, fn) : fn();
}

const ORIGINAL = Symbol('lingering.original');

/** A wrapper the runner cannot tell from `original`: the same length (jest and mocha choose the
 * done-callback style by it), name and own properties (vitest keeps hook options on them). */
export function wrap<F extends Function>(
  original: F,
  refOf: (thisArg: unknown, args: unknown[]) => TestRef | undefined,
): F {
  if (typeof original !== 'function' || (original as { [ORIGINAL]?: unknown })[ORIGINAL] !== undefined) return original;
  const tag = Object.prototype.toString.call(original);
  if (tag === '[object GeneratorFunction]' || tag === '[object AsyncGeneratorFunction]') return original;
  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    let ref: TestRef | undefined;
    try {
      ref = refOf(this, args);
    } catch {
      // A runner object we do not understand: the body runs as it is.
    }
    return ref === undefined ? Reflect.apply(original, this, args) : runWith(ref, original as never, this, args);
  };
  for (const key of Reflect.ownKeys(original)) {
    if (key === 'prototype' || key === 'arguments' || key === 'caller') continue;
    Object.defineProperty(wrapper, key, Object.getOwnPropertyDescriptor(original, key)!);
  }
  Object.defineProperty(wrapper, ORIGINAL, { value: original });
  return wrapper as unknown as F;
}

/** Event-loop turns between a scope's end and its check: close callbacks, socket teardown and
 * promise chains already on their way finish first. No fixed sleep. */
let settleTurns = 3;

export function setSettleTurns(turns: number): void {
  settleTurns = Math.max(1, Math.trunc(turns));
}

/** Scopes that ended and whose check has not run yet (settling). */
const settling = new Map<TestRef, 'test' | 'suite'>();
/** Called when the last settling scope has been checked. */
let onSettled: Array<() => void> = [];

/** A promise that resolves once every ended scope has been checked, or undefined when none is
 * settling: a runner that cannot wait for the check where a test ends (node:test) waits here
 * before the next body runs, so that the next test cannot clean up what this one left. */
export function whenChecked(): Promise<void> | undefined {
  if (settling.size === 0) return undefined;
  return outside(() => new Promise<void>((resolve) => onSettled.push(resolve)));
}

/** A runner calls this when a test or suite is over. The promise may be awaited (the runner then
 * waits for the check) or not: attribution is by context, so a late check is still exact. */
export function endScope(ref: TestRef, scope: 'test' | 'suite'): Promise<void> {
  if (endListeners.length === 0 || settling.has(ref)) return Promise.resolve();
  settling.set(ref, scope);
  return outside(
    () =>
      new Promise<void>((resolve) => {
        let left = settleTurns;
        const turn = (): void => {
          if (--left > 0) {
            setImmediate(turn);
            return;
          }
          check(ref);
          resolve();
        };
        setImmediate(turn);
      }),
  );
}

function check(ref: TestRef): void {
  const scope = settling.get(ref);
  if (scope === undefined) return; // already judged at exit
  settling.delete(ref);
  for (const listener of endListeners) safely(() => listener(ref, scope));
  if (settling.size === 0 && onSettled.length > 0) {
    const waiting = onSettled;
    onSettled = [];
    for (const resolve of waiting) resolve();
  }
}

/** At exit (--forceExit, --test-force-exit, mocha --exit can end the process while scopes settle):
 * judges them now rather than lose them. */
export function checkSettling(): void {
  for (const ref of [...settling.keys()]) check(ref);
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // A failing listener must not fail the test run.
  }
}
