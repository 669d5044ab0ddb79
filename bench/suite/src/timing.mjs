// The code under test for the timer suites: debounce, throttle, retry with backoff, timeouts.
export function debounce(fn, ms) {
  let timer;
  const debounced = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  debounced.cancel = () => clearTimeout(timer);
  return debounced;
}

export function throttle(fn, ms) {
  let last = -Infinity;
  let trailing;
  return (...args) => {
    const now = Date.now();
    if (now - last >= ms) {
      last = now;
      fn(...args);
    } else if (!trailing) {
      trailing = setTimeout(() => {
        trailing = undefined;
        last = Date.now();
        fn(...args);
      }, ms - (now - last));
    }
  };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function retry(fn, { retries = 3, delay = 100, factor = 2 } = {}) {
  let wait = delay;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= retries) throw error;
      await sleep(wait);
      wait *= factor;
    }
  }
}

export function withTimeout(promise, ms, message = `timed out after ${ms} ms`) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function poll(check, { interval = 10, timeout = 1000 } = {}) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = async () => {
      if (await check()) return resolve(Date.now() - started);
      if (Date.now() - started >= timeout) return reject(new Error('poll timed out'));
      setTimeout(tick, interval);
    };
    tick();
  });
}
