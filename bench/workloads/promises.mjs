// (a) Promise-heavy: ~2M awaited async calls, in request-shaped chains and Promise.all batches.
import { scaled } from './scale.mjs';

const CALLS = scaled(2_000_000);
const BATCH = 100;

async function parse(i) {
  // Suspends for a tick, like a real lookup would: the caller awaits a pending promise.
  await null;
  return (i * 2654435761) >>> 0;
}

async function validate(i) {
  const value = await parse(i);
  return value % 1009;
}

async function handle(i) {
  const score = await validate(i);
  return score & 1 ? score : -score;
}

let calls = 0;
let sum = 0;
// Sequential chains: 3 awaited async calls per request.
while (calls < CALLS / 2) {
  sum = (sum + (await handle(calls))) | 0;
  calls += 3;
}
// Promise.all batches of the same chains.
while (calls < CALLS) {
  const batch = [];
  for (let i = 0; i < BATCH; i++) batch.push(handle(calls + i));
  for (const value of await Promise.all(batch)) sum = (sum + value) | 0;
  calls += BATCH * 3;
}
console.log(`checksum promises calls=${calls} sum=${sum}`);
