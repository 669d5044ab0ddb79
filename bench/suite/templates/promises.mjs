// Suite files of kind "promises": promise-heavy logic (a concurrency limiter, async iterators, an async cache).
import { header } from './header.mjs';

export const template = (i) => `${header('promises', i)}import { describe, expect, it } from 'vitest';
import { AsyncCache, batches, countTo, limit, mapConcurrent } from '../src/limit.mjs';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('promise utilities (${i})', () => {
  it('never runs more than the limit at once', async () => {
    const run = limit(${2 + (i % 4)});
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: ${100 + i * 20} }, (_, n) =>
        run(async () => {
          peak = Math.max(peak, run.active);
          await null;
          if (n % 10 === 0) await tick();
          return n * 2;
        }),
      ),
    );
    expect(peak).toBe(${2 + (i % 4)});
    expect(results[${50 + i}]).toBe(${(50 + i) * 2});
  });

  it('maps concurrently and keeps the order', async () => {
    const items = Array.from({ length: ${50 + i * 10} }, (_, n) => n);
    const out = await mapConcurrent(items, 4, async (n) => {
      if (n % 7 === 0) await tick();
      return n * n;
    });
    expect(out).toEqual(items.map((n) => n * n));
  });

  it('awaits many async calls', async () => {
    const square = async (n) => {
      await null;
      return n * n;
    };
    const addSquare = async (acc, n) => acc + (await square(n));
    let sum = 0;
    for (let n = 0; n < ${5000 + i * 1000}; n++) sum = await addSquare(sum, n % 100);
    expect(sum).toBe(${sumSquares(5000 + i * 1000)});
  });

  it('settles a mix of fulfilled and rejected work', async () => {
    const settled = await Promise.allSettled(
      Array.from({ length: 20 }, async (_, n) => {
        await null;
        if (n % ${3 + (i % 3)} === 0) throw new Error(\`job \${n} failed\`);
        return n;
      }),
    );
    const rejected = settled.filter((s) => s.status === 'rejected').map((s) => s.reason.message);
    expect(rejected).toEqual(${JSON.stringify(rejectedJobs(3 + (i % 3)))});
  });

  it('batches an async iterator', async () => {
    const sizes = [];
    for await (const batch of batches(countTo(${100 + i * 7}), 16)) sizes.push(batch.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(${100 + i * 7});
    expect(sizes.at(-1)).toBe(${(100 + i * 7) % 16 || 16});
  });

  it('loads each key once however many ask at the same time', async () => {
    const cache = new AsyncCache(async (key) => {
      await tick();
      return key.toUpperCase();
    });
    const keys = Array.from({ length: 60 }, (_, n) => \`key\${n % ${5 + i}}\`);
    const values = await Promise.all(keys.map((k) => cache.get(k)));
    expect(values[0]).toBe('KEY0');
    expect(cache.loads).toBe(${5 + i});
  });

  it('forgets a failed load so that the next call retries', async () => {
    let calls = 0;
    const cache = new AsyncCache(async () => {
      if (calls++ === 0) throw new Error('cold');
      return 'warm';
    });
    await expect(cache.get('x')).rejects.toThrow('cold');
    await expect(cache.get('x')).resolves.toBe('warm');
  });
});
`;

function sumSquares(count) {
  let sum = 0;
  for (let n = 0; n < count; n++) sum += (n % 100) ** 2;
  return sum;
}

function rejectedJobs(every) {
  return Array.from({ length: 20 }, (_, n) => n)
    .filter((n) => n % every === 0)
    .map((n) => `job ${n} failed`);
}
