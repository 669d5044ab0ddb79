// fixtures/adopt copied into a fresh directory per test: a config, a baseline or an edited file of
// one test stays in that test, and two copies stand for two checkouts.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Report, Task } from '../../src/report/types.js';
import { FIXTURES } from './run-bin.js';

export const ADOPT = join(FIXTURES, '../adopt');

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of fixtures/adopt (or one of its folders) in a new temporary directory. */
export function checkout(sub = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'lingering-adopt-'));
  made.push(dir);
  cpSync(join(ADOPT, sub), dir, { recursive: true });
  return dir;
}

export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

export function readJson<T = Report>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** "Timeout leaks.mjs:11 ×1 by:Interval": what a test compares, without pids, ports or ages. */
export function brief(task: Task): string {
  const where = task.location ? `${task.location.file}:${task.location.line}` : '(unknown)';
  const by = task.suppressed ? ` by:${task.suppressed.by}` : '';
  return `${task.type} ${where} ×${task.count}${by}`;
}
