// Stack captures cost ~5-7 us each whatever their depth, so the kinds of resource a program can
// make by the hundred thousand (awaits, long timers, fs requests) share one rule: the first
// `free` get a stack, then one in `every`.
export class CaptureBudget {
  private taken = 0;
  private skipped = 0;

  constructor(
    private readonly free: number,
    private readonly every: number,
  ) {}

  /** Whether this one gets a stack. */
  take(): boolean {
    if (this.taken < this.free || ++this.skipped % this.every === 0) {
      this.taken++;
      return true;
    }
    return false;
  }
}
