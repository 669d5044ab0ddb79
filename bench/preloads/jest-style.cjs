// What `jest --detectOpenHandles` installs (jest-core's collectHandles.ts, jest 29/30), without jest:
// an init hook that skips the same types (promises included), builds an Error with a 100-frame stack
// and reads its string eagerly to decide whether user code made the resource, keeps every entry in a
// Map with a liveness check, and a destroy hook that deletes it.
const { createHook } = require('node:async_hooks');

const SKIPPED = new Set([
  'PROMISE',
  'TIMERWRAP',
  'ELDHISTOGRAM',
  'PerformanceObserver',
  'RANDOMBYTESREQUEST',
  'DNSCHANNEL',
  'ZLIB',
  'SIGNREQUEST',
  'TLSWRAP',
  'TCPWRAP',
]);
const active = new Map();

// jest-util's ErrorWithStack: captureStackTrace with a raised stackTraceLimit.
function errorWithStack(message, callsite, limit) {
  const saved = Error.stackTraceLimit;
  Error.stackTraceLimit = Math.max(limit, saved || 0);
  const error = new Error(message);
  Error.captureStackTrace(error, callsite);
  Error.stackTraceLimit = saved;
  return error;
}

// Jest looks for its own module loader and test functions in the stack; outside jest, user code is
// anything that is not a Node internal.
const fromUser = (stack) => stack.split('\n').some((line) => line.includes('file://') || line.includes('/'));

createHook({
  init: function initHook(asyncId, type, triggerAsyncId, resource) {
    if (SKIPPED.has(type)) return;
    const error = errorWithStack(type, initHook, 100);
    let user = fromUser(error.stack || '');
    if (!user) {
      const trigger = active.get(triggerAsyncId);
      if (trigger) {
        user = true;
        error.stack = trigger.error.stack;
      }
    }
    if (!user) return;
    let isActive = () => true;
    if ('hasRef' in resource) {
      const ref = new WeakRef(resource);
      isActive = () => ref.deref()?.hasRef() ?? false;
    }
    active.set(asyncId, { error, isActive });
  },
  destroy(asyncId) {
    active.delete(asyncId);
  },
}).enable();
