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

/** Files by name; in each file, its groups in the order they ran: a suite's beforeAll, then its
 * tests (each with its beforeEach and afterEach) by line, then its afterAll. Tasks keep their order. */
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
  return {
    files: [...files]
      .sort(([a], [b]) => compare(a, b))
      .map(([file, tests]) => ({ file, tests: inRunOrder([...tests.values()]) })),
    outside,
  };
}

/** Where each hook runs around the test or suite it belongs to. */
const PHASE = { beforeAll: 0, beforeEach: 1, test: 2, afterEach: 3, afterAll: 4 } as const;

/**
 * A suite's beforeAll runs before anything inside the suite and its afterAll after all of it, wherever
 * they are written (a hook's line is its own, or the suite's where the runner keeps none): a
 * beforeAll is placed at the first line of anything inside its suite, an afterAll at the last, and
 * the phase orders them there (an inner suite's afterAll before an outer one's).
 */
function inRunOrder(groups: TestGroup[]): TestGroup[] {
  const line = (group: TestGroup): number => group.test.line ?? Infinity;
  const inside = (group: TestGroup, suite: string): boolean =>
    suite === '' || suite === '(file)' || group.test.name === suite || group.test.name.startsWith(`${suite} > `);
  const keyed = groups.map((group) => {
    const hook = group.test.hook;
    let at = line(group);
    if (hook === 'afterAll' || hook === 'beforeAll') {
      for (const other of groups) {
        if (other === group || other.test.hook === hook || !inside(other, group.test.name)) continue;
        const l = line(other);
        if (l === Infinity) continue;
        at = hook === 'afterAll' ? Math.max(at === Infinity ? l : at, l) : Math.min(at, l);
      }
    }
    // Deeper suites end first and start last.
    const levels = group.test.name.split(' > ').length;
    const depth = hook === 'afterAll' ? -levels : hook === 'beforeAll' ? levels : 0;
    return { group, at, phase: PHASE[hook ?? 'test'], depth };
  });
  keyed.sort(
    (a, b) =>
      a.at - b.at ||
      a.phase - b.phase ||
      a.depth - b.depth ||
      compare(testLabel(a.group.test), testLabel(b.group.test)),
  );
  return keyed.map((entry) => entry.group);
}
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
