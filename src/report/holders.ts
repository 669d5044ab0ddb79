// Which processes and worker threads held some tasks. A task lists pids only, and a worker thread
// shares its process's pid; each thread's own report says how many tasks it had (errors, warnings),
// which tells the threads of one pid apart.
import type { ProcessInfo, Report, Task } from './types.js';

export function holders(report: Report, tasks: Task[]): ProcessInfo[] {
  const pids = new Set(tasks.flatMap((task) => task.pids));
  const byPid = new Map<number, ProcessInfo[]>();
  for (const process of report.processes) {
    if (!pids.has(process.pid)) continue;
    const threads = byPid.get(process.pid);
    if (threads) threads.push(process);
    else byPid.set(process.pid, [process]);
  }
  const held: ProcessInfo[] = [];
  for (const threads of byPid.values()) {
    if (threads.length === 1) {
      held.push(...threads);
      continue;
    }
    // A thread whose report gave no counts may hold them too.
    const some = threads.filter((p) => p.errors === undefined || p.errors + (p.warnings ?? 0) > 0);
    held.push(...(some.length > 0 ? some : [threads.find((p) => !isWorkerThread(p)) ?? threads[0]!]));
  }
  return held;
}

export function isWorkerThread(process: ProcessInfo): boolean {
  return process.threadId !== undefined && process.threadId !== 0;
}
