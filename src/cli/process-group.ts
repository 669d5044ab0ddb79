// The command runs as the leader of its own process group (spawn's `detached` on POSIX), so a
// signal to -pid reaches every process it started, node or not, at any depth.
import { setTimeout as sleep } from 'node:timers/promises';

const usesGroups = process.platform !== 'win32';

export const spawnDetached = usesGroups;

/** Sends `signal` to the whole group (Windows: to the command only). False when nothing is left. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(usesGroups ? -pid : pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Whether any process of the group is still alive (signal 0 only checks). */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(usesGroups ? -pid : pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Resolves true when the group is empty or `settled()` says so, false at `deadline` (epoch ms).
 * `settled` exists because an empty group can take a while to show: zombies count as members
 * until they are reaped, and in a container whose PID 1 is not an init that can take seconds.
 */
export async function waitForGroup(
  pid: number,
  deadline: number,
  settled: () => Promise<boolean>,
  pollMs = 25,
): Promise<boolean> {
  while (groupAlive(pid) && !(await settled())) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await sleep(Math.min(pollMs, left));
  }
  return true;
}
