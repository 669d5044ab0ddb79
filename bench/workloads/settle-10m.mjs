// Memory check (test/bench/memory.test.ts): SETTLE_PROMISES awaited async calls (default 10M) and
// SETTLE_TIMERS timers and immediates (default 200k) that all settle, then lingering's table sizes.
// Prints one JSON line: { during, after, sum, timers, maxRssMb }.
const PROMISES = Number(process.env.SETTLE_PROMISES ?? 10_000_000);
const TIMERS = Number(process.env.SETTLE_TIMERS ?? 200_000);
const BATCH = 10_000;
const HELD_TASKS = 1_000;
const HELD_TIMERS = 100;

const tables = globalThis[Symbol.for('lingering.tables')];
if (typeof tables !== 'function') {
  console.error(
    "globalThis[Symbol.for('lingering.tables')] is not a function: load the test build of the preload (node --require .tmp/test-preload/register.cjs, made by npm run build), which has the table-size hook",
  );
  process.exit(3);
}

// With known work pending, the tables must see it; otherwise "small at the end" would prove nothing.
let open;
const gate = new Promise((resolve) => (open = resolve));
const waiting = Array.from({ length: HELD_TASKS }, async (_, i) => (await gate) + i);
const held = Array.from({ length: HELD_TIMERS }, () => setTimeout(() => {}, 60_000));
const during = tables();
open(1);
await Promise.all(waiting);
held.forEach(clearTimeout);

async function step(i) {
  await null;
  return i & 1;
}

let sum = 0;
for (let done = 0; done < PROMISES;) {
  const n = Math.min(BATCH, PROMISES - done);
  const batch = new Array(n);
  for (let i = 0; i < n; i++) batch[i] = step(done + i);
  for (const value of await Promise.all(batch)) sum += value;
  done += n;
}

let timers = 0;
for (let done = 0; done < TIMERS;) {
  const n = Math.min(BATCH, TIMERS - done);
  await new Promise((resolve) => {
    let left = n;
    const settle = () => {
      timers++;
      if (--left === 0) resolve();
    };
    for (let i = 0; i < n; i++) {
      if (i % 4 === 0) setTimeout(settle, i % 3);
      else if (i % 4 === 1) setImmediate(settle);
      else if (i % 4 === 2) {
        // Cleared before it fires, like a request deadline.
        const deadline = setTimeout(() => {}, 30_000);
        setImmediate(() => {
          clearTimeout(deadline);
          settle();
        });
      } else {
        let ticks = 0;
        const interval = setInterval(() => {
          if (++ticks === 2) {
            clearInterval(interval);
            settle();
          }
        }, 1);
      }
    }
  });
  done += n;
}

// Read once nothing is left to run: the module's own evaluation has finished too.
process.once('beforeExit', () => {
  const after = tables();
  const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify({ during, after, sum, timers, maxRssMb }));
});
