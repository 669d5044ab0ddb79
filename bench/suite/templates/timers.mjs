// Suite files of kind "timers": fake timers (vi.useFakeTimers) and real short waits.
import { header } from './header.mjs';

export const template = (i) => `${header('timers', i)}import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounce, poll, retry, sleep, throttle, withTimeout } from '../src/timing.mjs';

describe('with fake timers (${i})', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('debounces a burst into one call with the last arguments', () => {
    const fn = vi.fn();
    const save = debounce(fn, ${100 + i * 10});
    for (let n = 0; n < ${5 + i}; n++) {
      save(n);
      vi.advanceTimersByTime(${50 + i * 5});
    }
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(${100 + i * 10});
    expect(fn).toHaveBeenCalledTimes(1);
    expect(fn).toHaveBeenCalledWith(${4 + i});
  });

  it('cancels a pending debounced call', () => {
    const fn = vi.fn();
    const save = debounce(fn, 50);
    save('x');
    save.cancel();
    vi.runAllTimers();
    expect(fn).not.toHaveBeenCalled();
  });

  it('throttles to one call per window plus a trailing call', () => {
    const fn = vi.fn();
    const tick = throttle(fn, 100);
    for (let n = 0; n < 10; n++) {
      tick(n);
      vi.advanceTimersByTime(${10 + i});
    }
    vi.advanceTimersByTime(200);
    expect(fn.mock.calls.map((c) => c[0])).toEqual(${JSON.stringify(throttleCalls(10 + i))});
  });

  it('retries with exponential backoff', async () => {
    const fn = vi.fn(async (attempt) => {
      if (attempt < ${1 + (i % 3)}) throw new Error(\`attempt \${attempt} failed\`);
      return 'ok';
    });
    const result = retry(fn, { retries: 3, delay: 100 });
    await vi.advanceTimersByTimeAsync(${[100, 300, 700][i % 3]});
    await expect(result).resolves.toBe('ok');
    expect(fn).toHaveBeenCalledTimes(${2 + (i % 3)});
  });

  it('gives up after the last retry', async () => {
    const result = retry(async () => Promise.reject(new Error('down')), { retries: 2, delay: 10 });
    const assertion = expect(result).rejects.toThrow('down');
    await vi.advanceTimersByTimeAsync(30);
    await assertion;
  });

  it('rejects when work outlasts its timeout', async () => {
    const slow = new Promise((resolve) => setTimeout(resolve, 5_000, 'late'));
    const assertion = expect(withTimeout(slow, ${1000 + i * 100})).rejects.toThrow('timed out after ${1000 + i * 100} ms');
    await vi.advanceTimersByTimeAsync(${1000 + i * 100});
    await assertion;
  });
});

describe('with real timers (${i})', () => {
  it('sleeps at least the time asked', async () => {
    const started = performance.now();
    await sleep(${3 + (i % 5)});
    expect(performance.now() - started).toBeGreaterThanOrEqual(${2 + (i % 5)});
  });

  it('polls until a condition holds', async () => {
    let ready = false;
    setTimeout(() => (ready = true), ${5 + (i % 4)});
    const waited = await poll(() => ready, { interval: 2, timeout: 2_000 });
    expect(waited).toBeGreaterThanOrEqual(${4 + (i % 4)});
  });

  it('resolves work that beats its timeout and clears the timer', async () => {
    await expect(withTimeout(sleep(2).then(() => ${i}), 1_000)).resolves.toBe(${i});
  });
});
`;

function throttleCalls(step) {
  // What throttle(fn, 100) does when called with 0..9 every `step` ms, then given 200 ms.
  const calls = [];
  let last = -Infinity;
  let trailing;
  for (let n = 0, now = 0; n < 10; n++, now += step) {
    if (trailing && trailing.at <= now) {
      calls.push(trailing.arg);
      last = trailing.at;
      trailing = undefined;
    }
    if (now - last >= 100) {
      last = now;
      calls.push(n);
    } else if (!trailing) trailing = { at: last + 100, arg: n };
  }
  if (trailing) calls.push(trailing.arg);
  return calls;
}
