// Tasks grouped the way a test run reads: by test file, then by test (or hook), then the tasks.
import type { Task, TestInfo } from './types.js';

export interface TestGroup {
  test: TestInfo;
  tasks: Task[];
}

export interface FileGroup {
  file: string;
  tests: TestGroup[];
}

export interface ByTest {
  files: FileGroup[];
  /** Tasks made outside any test (module load, a runner lingering does not know). */
  outside: Task[];
}

/** "poller > starts and stops", "server kept open (beforeAll)". */
export function testLabel(test: TestInfo): string {
  return test.hook ? `${test.name} (${test.hook})` : test.name;
}

/** Files and tests in the order of the file name and the test's line; tasks keep their order. */
export function groupByTest(tasks: Task[]): ByTest {
  const files = new Map<string, Map<string, TestGroup>>();
  const outside: Task[] = [];
  for (const task of tasks) {
    const test = task.test;
    if (!test) {
      outside.push(task);
      continue;
    }
    let tests = files.get(test.file);
    if (!tests) files.set(test.file, (tests = new Map()));
    const key = JSON.stringify([test.name, test.hook ?? null]);
    const group = tests.get(key);
    if (group) group.tasks.push(task);
    else tests.set(key, { test, tasks: [task] });
  }
  const byLine = (a: TestGroup, b: TestGroup): number =>
    (a.test.line ?? Infinity) - (b.test.line ?? Infinity) || compare(testLabel(a.test), testLabel(b.test));
  return {
    files: [...files]
      .sort(([a], [b]) => compare(a, b))
      .map(([file, tests]) => ({ file, tests: [...tests.values()].sort(byLine) })),
    outside,
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
