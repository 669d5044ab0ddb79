// A worker blocked in Atomics.wait runs no event loop, so its waitAsync never hears the request.
// Idle pool workers sit exactly there: tinypool and piscina (its default `atomics: 'sync'`) wait
// for the next task with Atomics.wait and no timeout. In a worker that can be asked for a report,
// a long wait is therefore done in slices of the real Atomics.wait, checking between slices
// whether the parent asked.
//
// What the program can tell: a wait returns as before ('ok' when woken, 'not-equal' when the value
// already differed, 'timed-out' at its own timeout), except
//  - a notify that lands in the microseconds between two slices wakes nobody. When the notifier
//    also changed the value (store then notify, as tinypool and piscina do), the next slice sees
//    it at once and the wait returns 'ok', as it would have; otherwise that wake-up is lost until
//    the next notify or the timeout;
//  - a value changed without a notify is seen at the next slice and returns 'ok', where Node would
//    have slept on until a notify or the timeout.
// An idle worker wakes 20 times a second. The function keeps the original's name and length.
import { elapsedMs, wait } from '../builtins.js';

const SLICE_MS = 50;

type Wait = typeof Atomics.wait;

/** `between()` runs between slices, while `active()`; it must not throw. */
export function sliceAtomicsWait(active: () => boolean, between: () => void): void {
  const descriptor = Object.getOwnPropertyDescriptor(Atomics, 'wait');
  if (!descriptor || !descriptor.configurable || descriptor.value !== wait) return;
  const sliced = {
    wait(typedArray: Int32Array | BigInt64Array, index: number, value: number | bigint, timeout?: number): string {
      // A timeout that is not a number (a string, a bigint) goes to the real one as is: its
      // conversions and errors stay Node's own. NaN and undefined both mean forever.
      const total =
        timeout === undefined || timeout !== timeout ? Infinity : typeof timeout === 'number' ? timeout : NaN;
      if (!(total > SLICE_MS) || !active()) return wait(typedArray as Int32Array, index, value as number, timeout);
      const deadline = elapsedMs() + total;
      for (let first = true; ; first = false) {
        const left = deadline - elapsedMs();
        const slice = left > SLICE_MS ? SLICE_MS : left > 0 ? left : 0;
        const result = wait(typedArray as Int32Array, index, value as number, slice);
        if (result === 'ok') return result;
        // The value was as expected when the first slice began: a difference seen later is a
        // change made while we waited.
        if (result === 'not-equal') return first ? result : 'ok';
        if (left <= SLICE_MS) return 'timed-out';
        if (active()) between();
      }
    },
  }.wait as unknown as Wait;
  Object.defineProperty(sliced, 'length', { value: wait.length });
  Object.defineProperty(Atomics, 'wait', { ...descriptor, value: sliced });
}
