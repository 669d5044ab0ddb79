// The current test, carried by lingering's own hooks where V8's promise hooks are lingering's alone
// on Node 20 and 22 (node-dispatch.ts). There an AsyncLocalStorage is built on async_hooks: its
// first run() enables a hook, Node's dispatch of every promise comes back, and a test runner's
// worker pays it for every promise of every test. Node 24 and 26 keep AsyncLocalStorage, which
// V8 carries itself there (AsyncContextFrame).
//
// The same rule as async_hooks' AsyncLocalStorage: what is made carries the test of where it was
// made, and runs in it. A promise or a resource made in a test is marked (a symbol property, as
// AsyncLocalStorage's own); a promise reaction runs in its promise's test (the before/after hooks),
// a resource's callback in its resource's test (executionAsyncResource()), and run() or
// enterWith() set it for the execution they are called in (a reaction, or a callback's async id).
import asyncHooks from 'node:async_hooks';
import type { TestRef } from '../runners/test-ref.js';

// Taken at load: a program may replace the module's exports.
const { executionAsyncId, executionAsyncResource } = asyncHooks;

const TEST = Symbol('lingering.test');
/** run()'s "no test" (outside()). */
const NONE = Symbol('lingering.noTest');
type Scoped = TestRef | typeof NONE | undefined;

/** Whether the current test is carried here (tracker.ts: lingering's promise hooks run alone). */
let chosen = false;

export function carryTestsHere(): void {
  chosen = true;
}

export function testsCarriedHere(): boolean {
  return chosen;
}

/** Whether anything was ever run in a test (nothing is marked before). */
let on = false;
/** The reaction that runs (a serial number of ours, 0: none), the test it runs in, and those of
 * the reactions it interrupted. */
let serial = 0;
let reaction = 0;
let reactionTest: TestRef | undefined;
const outerReactions: number[] = [];
const outerTests: Array<TestRef | undefined> = [];
/** What run() or enterWith() set, and the execution it holds in. */
let scoped: Scoped;
let scopedIn = 0;

/** The execution code runs in: the reaction, else the negated async id of the callback. */
function execution(): number {
  return reaction !== 0 ? reaction : -executionAsyncId();
}

export function scopeTest(): TestRef | undefined {
  if (!on) return undefined;
  if (scoped !== undefined && scopedIn === execution()) return scoped === NONE ? undefined : scoped;
  if (reaction !== 0) return reactionTest;
  const resource = executionAsyncResource() as Record<symbol, TestRef | undefined> | undefined;
  return typeof resource === 'object' && resource !== null ? resource[TEST] : undefined;
}

function turnOn(): void {
  if (on) return;
  on = true;
  // Asks Node to hand native callbacks' resources to JavaScript from now on.
  executionAsyncResource();
}

/** Runs `fn` in `ref` (undefined: in no test). */
export function scopeRun<T>(ref: TestRef | undefined, fn: () => T): T {
  turnOn();
  const before = scoped;
  const beforeIn = scopedIn;
  scoped = ref ?? NONE;
  scopedIn = execution();
  try {
    return fn();
  } finally {
    scoped = before;
    scopedIn = beforeIn;
  }
}

/** `ref` is the test of the rest of this execution and of everything it makes. */
export function scopeEnter(ref: TestRef): void {
  turnOn();
  scoped = ref;
  scopedIn = execution();
}

/** A promise was made (V8's init hook). */
export function scopePromise(promise: object): void {
  if (!on) return;
  const ref = scopeTest();
  if (ref !== undefined) (promise as Record<symbol, TestRef>)[TEST] = ref;
}

/** An async resource was made (the async_hooks init hook). Node reuses some (HTTP parsers):
 * an old mark is overwritten. */
export function scopeResource(resource: object): void {
  if (!on) return;
  const ref = scopeTest();
  if (ref === undefined && !(TEST in resource)) return;
  try {
    (resource as Record<symbol, TestRef | undefined>)[TEST] = ref;
  } catch {
    // A frozen resource: its callbacks run in no test.
  }
}

/** A reaction of `promise` starts (V8's before hook). */
export function scopeBefore(promise: object): void {
  if (!on) return;
  outerReactions.push(reaction);
  outerTests.push(reactionTest);
  reaction = ++serial;
  reactionTest = (promise as Record<symbol, TestRef | undefined>)[TEST];
}

/** It ended (V8's after hook). */
export function scopeAfter(): void {
  if (!on) return;
  reaction = outerReactions.pop() ?? 0;
  reactionTest = outerTests.pop();
}
