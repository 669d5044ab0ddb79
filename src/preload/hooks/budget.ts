// Stack captures cost ~2-10 us each (V8 walks the stack, async frames included), so the kinds of
// resource a program can make by the hundred thousand (awaits, long timers, fs requests) share one
// rule: a stack for each while tokens last (`capacity` to start with), then one in `every`. Tokens
// come back all at once when a test starts (runners/), so a start-up burst of a runner's own awaits
// cannot starve the test code that runs after it, and with time the program spends elsewhere
// (`perMs`, up to the capacity), so an await made after a pause gets a stack; a loop that keeps
// asking gets none back. Given back in busy loops too (1 per ms), they were ~400 more captures on
// bench (a), whose stacks and entries, alive at a scavenge, tipped V8 into doubling its young
// generation: peak RSS 84 MB against 68 MB (plain node 65 MB) on Node 20.
import { elapsedMs } from '../builtins.js';

/** A gap of this long between two looks at the clock (128 skipped captures, or 16 resources made)
 * is time the program spent elsewhere; a shorter one, a loop that keeps asking. */
const IDLE_MS = 5;

/** Every budget made, for the runner phases (drainBudgets, refillBudgets). */
const budgets: CaptureBudget[] = [];

export class CaptureBudget {
  private tokens: number;
  private skipped = 0;
  private ticks = 0;
  /** When the tokens were last counted (monotonic ms). */
  private at = 0;
  /** `every - 1`: a mask instead of a division on the per-await path. */
  private readonly mask: number;

  /** `every` is a power of two. */
  constructor(
    private readonly capacity: number,
    every: number,
    private readonly perMs = 0,
  ) {
    if ((every & (every - 1)) !== 0) throw new Error(`CaptureBudget: every must be a power of two, not ${every}`);
    this.mask = every - 1;
    this.tokens = capacity;
    budgets.push(this);
  }

  /** Whether this one gets a stack. */
  take(): boolean {
    if (this.tokens > 0) {
      this.tokens--;
      if (this.tokens === 0 && this.perMs > 0) this.at = elapsedMs();
      return true;
    }
    const skipped = ++this.skipped;
    // A tight loop reads the clock now and then, not at every await.
    if (this.perMs > 0 && (skipped & 127) === 0) this.count();
    return (skipped & this.mask) === 0;
  }

  /** Counts the tokens time gave back, at every 16th call: cheap enough for the init of resources
   * rarer than awaits (timers, sockets, requests). */
  tick(): void {
    if (this.tokens < this.capacity && this.perMs > 0 && (++this.ticks & 15) === 0) this.count();
  }

  private count(): void {
    const now = elapsedMs();
    const gap = now - this.at;
    this.at = now;
    if (gap < IDLE_MS) return;
    this.tokens = Math.min(this.capacity, this.tokens + Math.floor(gap * this.perMs));
  }

  /** No tokens from now on but those time gives back (a runner's own start-up). */
  drain(): void {
    this.tokens = 0;
    this.at = elapsedMs();
  }

  /** A stack for every one from now on. */
  unlimited(): void {
    this.tokens = Infinity;
  }

  /** Every token back (a test starts: its own awaits get stacks). */
  refill(): void {
    this.tokens = Math.max(this.tokens, this.capacity);
  }
}

/** A runner's own start-up (a vitest fork loading the runner): its awaits, fs requests and timers are
 * all the runner's, so every kind gets sampled stacks only, until the next refillBudgets. */
export function drainBudgets(): void {
  for (const budget of budgets) budget.drain();
}

/** A test file is collected, or a test starts: its code gets every kind's full budget again. */
export function refillBudgets(): void {
  for (const budget of budgets) budget.refill();
}
