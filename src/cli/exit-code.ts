// The wrapper's exit code (README "Wrapper"), like foreground-child: the command's
// own failure first, then the gate.
import { constants } from 'node:os';
import type { CommandOutcome } from './spawn-command.js';

export function exitCodeFor(outcome: CommandOutcome, failures: number, fail: boolean): number {
  // A timeout fails the run. How the command ended after it is our doing (SIGTERM, SIGKILL), not its own.
  if (outcome.timedOutAt !== null) return 1;
  if (outcome.code !== null && outcome.code !== 0) return outcome.code;
  if (outcome.signal !== null) return 128 + (constants.signals[outcome.signal] ?? 0);
  return fail && failures > 0 ? 1 : 0;
}
