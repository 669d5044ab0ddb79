// Stack captures cost ~2-7 us each whatever their depth, so the kinds of resource a program can make
// by the hundred thousand (awaits, long timers, fs requests) share one rule: a stack for each while
// tokens last (`capacity` to start with), then one in `every`. Tokens come back with time (`perMs`,
// up to the capacity) and all at once when a test starts (runners/): a start-up burst of a runner's
// own awaits cannot starve the test code that runs after it, and a promise-heavy loop stays bounded
// (at 1 token per ms, ~0.3% of a core at most).
import { elapsedMs } from '../builtins.js';

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
    const gained = Math.floor((now - this.at) * this.perMs);
    if (gained <= 0) return;
    this.tokens = Math.min(this.capacity, this.tokens + gained);
    this.at = now;
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

/** A test file is collected: its code gets every kind's full budget again. */
export function refillBudgets(): void {
  for (const budget of budgets) budget.refill();
}
