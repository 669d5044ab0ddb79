// (b) Timers and immediates: ~200k, the way servers and test helpers use them: short timeouts that
// fire, timeouts cleared before they fire (request deadlines), immediates, a few intervals.
import { scaled } from './scale.mjs';

const TOTAL = scaled(200_000);
const WAVE = 1_000;

let fired = 0;
let cleared = 0;
let ticks = 0;

function wave(start) {
  return new Promise((resolve) => {
    let left = WAVE;
    const done = () => {
      if (--left === 0) resolve();
    };
    for (let i = 0; i < WAVE; i++) {
      const n = start + i;
      switch (n % 4) {
        case 0:
          setTimeout(() => {
            fired += n & 3 ? 0 : 1;
            done();
          }, n % 3);
          break;
        case 1: {
          // A deadline that is cancelled when the work finishes first.
          const deadline = setTimeout(() => {
            throw new Error('deadline fired');
          }, 10_000);
          setImmediate(() => {
            clearTimeout(deadline);
            cleared++;
            done();
          });
          break;
        }
        case 2:
          setImmediate(() => {
            fired++;
            done();
          });
          break;
        default:
          setTimeout(done, 0).unref();
      }
    }
  });
}

const interval = setInterval(() => ticks++, 1);
for (let start = 0; start < TOTAL; start += WAVE * 2) {
  // Two waves in flight at a time (each wave makes 1,250 timers and immediates per 1,000).
  await Promise.all([wave(start), wave(start + WAVE)]);
}
clearInterval(interval);
console.log(`checksum timers total=${TOTAL} fired=${fired} cleared=${cleared}`);
