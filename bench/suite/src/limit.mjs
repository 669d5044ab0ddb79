// The code under test for the promise suites: a concurrency limiter, a mapper, a batching iterator.
export function limit(concurrency) {
  let active = 0;
  const queue = [];
  const next = () => {
    if (active >= concurrency || queue.length === 0) return;
    active++;
    const { fn, resolve, reject } = queue.shift();
    Promise.resolve()
      .then(fn)
      .then(resolve, reject)
      .finally(() => {
        active--;
        next();
      });
  };
  const run = (fn) =>
    new Promise((resolve, reject) => {
      queue.push({ fn, resolve, reject });
      next();
    });
  Object.defineProperty(run, 'active', { get: () => active });
  return run;
}

export async function mapConcurrent(items, concurrency, fn) {
  const run = limit(concurrency);
  return Promise.all(items.map((item, i) => run(() => fn(item, i))));
}

export async function* batches(source, size) {
  let batch = [];
  for await (const item of source) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

export async function* countTo(n) {
  for (let i = 1; i <= n; i++) {
    await null;
    yield i;
  }
}

export class AsyncCache {
  #values = new Map();
  constructor(load) {
    this.load = load;
    this.loads = 0;
  }
  get(key) {
    if (!this.#values.has(key)) {
      this.loads++;
      const pending = Promise.resolve(this.load(key)).catch((error) => {
        this.#values.delete(key);
        throw error;
      });
      this.#values.set(key, pending);
    }
    return this.#values.get(key);
  }
}
