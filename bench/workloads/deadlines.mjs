// (g) Deadlines: a million long timeouts (1 s and more) created and cleared before they fire, the way
// request deadlines and debounced calls use them (most are cleared in the same turn, some a turn
// later), yielding to the event loop between bursts and letting a short timer fire now and then.
import { scaled } from './scale.mjs';

const TOTAL = scaled(1_000_000);
const BURST = 1_000;

const fail = () => {
  throw new Error('a deadline fired');
};
let cleared = 0;
let debounced = null;
for (let made = 0; made < TOTAL; made += BURST) {
  const later = [];
  for (let i = 0; i < BURST; i++) {
    if (i % 10 === 0) {
      // Debounce: re-armed on every call, cleared the next time.
      clearTimeout(debounced);
      debounced = setTimeout(fail, 300_000);
    } else if (i % 10 === 1) {
      later.push(setTimeout(fail, 30_000 + i));
    } else {
      const deadline = setTimeout(fail, 1_000 + i);
      clearTimeout(deadline);
    }
    cleared++;
  }
  // A turn of the loop; every 50th burst, a short timer that fires (1 ms at least).
  await new Promise((resolve) => (made % (50 * BURST) === 0 ? setTimeout(resolve, 0) : setImmediate(resolve)));
  for (const timer of later) clearTimeout(timer);
}
clearTimeout(debounced);
console.log(`checksum deadlines made=${TOTAL} cleared=${cleared}`);
