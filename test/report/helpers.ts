// Shared by the report tests: golden files (STYLE.md item 13) and small task/report builders.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { merge, type Frame, type ProcessInfo, type Report, type Task } from '../../src/report/index.js';

const GOLDEN_DIR = fileURLToPath(new URL('../golden/', import.meta.url));
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

/** A golden input, normalised as at every boundary where reports come in (merge()); what the
 * suppression did is the run's, which merge() does not carry, so it is kept as it is. */
export function readGoldenReport(name: string): Report {
  const input = JSON.parse(readFileSync(`${GOLDEN_DIR}${name}.json`, 'utf8')) as Report;
  const merged = merge([input]);
  return input.suppression === undefined ? merged : { ...merged, suppression: input.suppression };
}

/** Compares with test/golden/<file> exactly, or rewrites it when UPDATE_GOLDEN=1. */
export function expectGolden(file: string, actual: string): void {
  const path = `${GOLDEN_DIR}${file}`;
  if (UPDATE) {
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`missing golden file ${path}: run with UPDATE_GOLDEN=1 to create it`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

export function frame(fn: string, file: string, line: number, column = 1): Frame {
  return { function: fn, file, line, column };
}

export function task(overrides: Partial<Task> = {}): Task {
  const location = overrides.location === undefined ? { file: 'src/app.ts', line: 12, column: 5 } : overrides.location;
  return {
    kind: 'handle',
    type: 'Timeout',
    description: 'setInterval(…, 1000)',
    severity: 'error',
    refed: true,
    state: 'pending',
    count: 1,
    pids: [100],
    location,
    stack: location ? [frame('startHeartbeat', location.file, location.line, location.column)] : [],
    chain: [],
    ...overrides,
  };
}

export function proc(pid: number, overrides: Partial<ProcessInfo> = {}): ProcessInfo {
  return { pid, argv: ['node', 'app.js'], exit: { reason: 'exit', code: 0, signal: null }, ...overrides };
}

export function report(tasks: Task[], processes: ProcessInfo[] = [proc(100)]): Report {
  return { version: 1, processes, tasks };
}
