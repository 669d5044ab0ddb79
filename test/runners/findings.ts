// What a runner fixture's report says, one line per task, for exact comparisons:
// "Timeout src/poller.js:2 | leaks.test.js:6 poller > starts and forgets a poller | per-test".
import type { Task } from '../../src/report/types.js';

export function findings(tasks: Task[]): string[] {
  return tasks
    .map((task) => {
      const where = task.location ? `${task.location.file}:${task.location.line}` : '?';
      const test = task.test
        ? `${task.test.file}:${task.test.line} ${task.test.name}${task.test.hook ? ` (${task.test.hook})` : ''}`
        : '-';
      return `${task.type} ${where} | ${test}${task.perTest ? ' | per-test' : ''}`;
    })
    .sort();
}

/** The same findings, as the per-test check words them. */
export function perTest(lines: string[]): string[] {
  return lines.map((line) => `${line} | per-test`).sort();
}
