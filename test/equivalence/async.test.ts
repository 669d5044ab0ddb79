// What async code observes: context propagation, its own hooks, scheduling order, promise objects,
// and stack overflows while lingering's hooks are on.
import { defineCases } from './helpers.js';

defineCases('equivalence: async', [
  {
    fixture: 'spies-on-builtins.cjs',
    what: 'spies on Map#set, Set#has, Date.now, Error.captureStackTrace count only the program’s calls',
    report: 'report',
    exit: { code: 0 },
    stdoutHas: ['"Map#set":0,'],
  },
  {
    fixture: 'async-local-storage.mjs',
    what: 'AsyncLocalStorage across awaits, timers, events',
    report: 'clean',
    exit: { code: 0 },
    stdoutHas: ['listener b-inner', 'outside undefined'],
  },
  {
    fixture: 'own-async-hook.cjs',
    what: "the program's own async_hooks.createHook",
    report: 'clean',
    exit: { code: 0 },
  },
  {
    fixture: 'execution-ids.cjs',
    what: 'executionAsyncId() inside promise reactions (no async ids given to promises)',
    report: 'clean',
    exit: { code: 0 },
    stdoutHas: ['then none, after await none'],
  },
  {
    fixture: 'execution-ids.cjs',
    what: 'executionAsyncId() inside promise reactions, with --throw-deprecation',
    report: 'clean',
    exit: { code: 0 },
    stdoutHas: ['then none, after await none'],
    run: { nodeArgs: ['--throw-deprecation'] },
  },
  {
    fixture: 'microtask-order.mjs',
    what: 'nextTick, queueMicrotask, then, setImmediate order',
    report: 'clean',
    exit: { code: 0 },
  },
  {
    fixture: 'unref-timers.cjs',
    what: "unref'd timers",
    report: 'report',
    exit: { code: 0 },
    stdoutHas: ['done, the interval ticked: true'],
  },
  {
    fixture: 'promise-inspect.mjs',
    what: 'util.inspect and own keys of promises and timers',
    report: 'report',
    exit: { code: 0 },
  },
  {
    fixture: 'finally-never-runs.mjs',
    what: 'an async function suspended forever',
    report: 'report',
    exit: { code: 0 },
  },
  {
    fixture: 'destroyed-while-pending.cjs',
    what: 'pending promises garbage-collected (--expose-gc)',
    report: 'report',
    exit: { code: 0 },
    run: { nodeArgs: ['--expose-gc'] },
  },
  {
    fixture: 'events-and-timers-promises.mjs',
    what: 'events.once, events.on with abort, timers/promises',
    report: 'clean',
    exit: { code: 0 },
    stdoutHas: ['AbortError', 'slept value'],
  },
  {
    fixture: 'stack-overflow.mjs',
    what: 'stack overflows caught in user code',
    report: 'clean',
    exit: { code: 0 },
    stdoutHas: ['withPromises true Maximum call stack size exceeded', 'in a timer RangeError'],
  },
  {
    fixture: 'stack-overflow-with-als.mjs',
    what: 'a stack overflow caught in user code, with an AsyncLocalStorage started',
    report: 'clean',
    exit: { code: 0 },
    stdoutHas: ['withPromises true request-1'],
  },
]);
