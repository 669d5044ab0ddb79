// Small text helpers shared by the formatters.
import type { Location, ProcessInfo, Task } from './types.js';

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Cuts `text` to at most `max` characters (code points), marking the cut with "…". */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(max, 0));
  return `${chars.slice(0, max - 1).join('')}…`;
}

/** Like truncate, but keeps the end (file paths: the file name matters more than the root). */
export function truncateStart(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(max, 0));
  return `…${chars.slice(chars.length - (max - 1)).join('')}`;
}

export function formatAge(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  if (minutes < 60) return `${minutes}m ${seconds}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

export function formatLocation(location: Location, withColumn = true): string {
  return withColumn ? `${location.file}:${location.line}:${location.column}` : `${location.file}:${location.line}`;
}

/** "101, 102, 103", or the first few and how many more. */
export function formatPids(pids: Array<number | string>, max = Infinity): string {
  if (pids.length <= max) return pids.join(', ');
  return `${pids.slice(0, max).join(', ')}, … +${pids.length - max}`;
}

export function distinctPids(processes: ProcessInfo[]): number {
  return new Set(processes.map((p) => p.pid)).size;
}

export function sumCounts(tasks: Task[], predicate: (task: Task) => boolean = () => true): number {
  let total = 0;
  for (const task of tasks) if (predicate(task)) total += task.count;
  return total;
}
