// lingering ps: a live process reports what it has pending now and goes on as if never asked.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.js';
import { NODE, ROOT, testEnv } from '../helpers/env.js';
import { spawnProcess } from '../helpers/spawn.js';
import { runBin, waitForText } from './run-bin.js';

const PRELOAD = join(ROOT, 'dist/register.cjs');
let stopDir: string | undefined;

afterEach(() => {
  if (stopDir) rmSync(stopDir, { recursive: true, force: true });
  stopDir = undefined;
});

function stopFile(): string {
  stopDir = mkdtempSync(join(tmpdir(), 'lingering-ps-test-'));
  return join(stopDir, 'stop');
}

const ps = (args: string[]) => runBin(['ps', ...args], { cwd: ROOT });

/** The hung fixture's live report, as text: the same process asked twice must answer twice. */
function expectHungReport(stdout: string, pid: number): void {
  const lines = stdout.split('\n');
  expect(lines[0]).toMatch(new RegExp(`^process ${pid} \\(node fixtures/ps/hung\\.mjs \\S+\\), up \\d`));
  expect(lines[1]).toBe('2 tasks pending (2 errors)');
  expect(stdout).toContain('error: Task is pending\n  async main()\n');
  expect(stdout).toContain('  called at fixtures/ps/hung.mjs:10:1\n  suspended at fixtures/ps/hung.mjs:8\n');
  expect(stdout).toContain('error: Timer is pending\n  setInterval(…, 20)\n');
  expect(stdout).toContain('  created at fixtures/ps/hung.mjs:11:14\n');
}

describe('lingering ps', { timeout: 60_000 }, () => {
  it('reads a live process under the wrapper twice; it then exits with its own output and code', async () => {
    const stop = stopFile();
    let pid = 0;
    let read: () => string = () => '';
    const asked: Array<Promise<void>> = [];
    const run = runBin(['node', 'fixtures/ps/hung.mjs', stop], {
      cwd: ROOT,
      onSpawn: (_pid, stdout) => {
        read = stdout;
        asked.push(
          (async () => {
            try {
              await waitForText(stdout, 'ready ');
              pid = Number(/ready (\d+)/.exec(read())![1]);
              const list = await ps([]);
              expect(list.code).toBe(0);
              expect(list.stdout).toMatch(
                // Under `npm test` the suite's own wrapper is listed too.
                /^lingering -- node fixtures\/ps\/hung\.mjs \S+\n {2}wrapper \d+, up \S+, in \//m,
              );
              expect(list.stdout).toMatch(new RegExp(`\n  ${pid} +\\S+ +node fixtures/ps/hung\\.mjs \\S+\n`));
              for (let i = 0; i < 2; i++) {
                const live = await ps([String(pid)]);
                expect(live.stderr).toBe('');
                expect(live.code).toBe(0);
                expectHungReport(live.stdout, pid);
              }
              const json = await ps(['--json', String(pid)]);
              const report = JSON.parse(json.stdout) as Report;
              expect(report.processes[0]!.exit.reason).toBe('running');
              expect(report.processes[0]!.uptimeMs).toBeGreaterThan(0);
              expect(report.tasks.map((t) => t.description).sort()).toEqual(['async main()', 'setInterval(…, 20)']);
            } finally {
              writeFileSync(stop, '');
            }
          })(),
        );
      },
    });
    const result = await run;
    await Promise.all(asked);
    // Its own output and exit code, the hidden listener included; the report at exit as usual.
    expect(result.stdout).toBe(`ready ${pid} 0 false\ndone\n`);
    expect(result.code).toBe(3);
    expect(result.stderrLines[0]).toBe('lingering: 1 task still pending in 1 process (1 error)');
  });

  it('reads a process run with the preload alone (no wrapper)', async () => {
    const stop = stopFile();
    let check: Promise<void> | undefined;
    const result = await spawnProcess(NODE, ['--require', PRELOAD, 'fixtures/ps/hung.mjs', stop], {
      cwd: ROOT,
      env: testEnv(),
      onLine: (line, child) => {
        if (!line.startsWith('ready')) return;
        check = (async () => {
          try {
            const live = await ps([String(child.pid)]);
            expect(live.code).toBe(0);
            expectHungReport(live.stdout, child.pid!);
          } finally {
            writeFileSync(stop, '');
          }
        })();
      },
    });
    await check;
    expect(result.stdout.toString()).toMatch(/^ready \d+ 0 false\ndone\n$/);
    expect(result.code).toBe(3);
  });

  it('says a process busy in synchronous code cannot answer, and leaves it be', async () => {
    let check: Promise<void> | undefined;
    const result = await spawnProcess(NODE, ['--require', PRELOAD, 'fixtures/ps/busy.mjs', '2500'], {
      cwd: ROOT,
      env: testEnv(),
      onLine: (line, child) => {
        if (line !== 'busy') return;
        check = (async () => {
          const live = await ps(['--wait', '300', String(child.pid)]);
          expect(live.stdout).toBe('');
          expect(live.stderr).toBe(
            `lingering: process ${child.pid} did not answer within 300ms: it is busy in synchronous code (or blocked in a synchronous call), or it does not run with the lingering preload; try again, or a longer --wait\n`,
          );
          expect(live.code).toBe(1);
          expect(live.ms).toBeLessThan(2500);
        })();
      },
    });
    await check;
    expect(result.stdout.toString()).toBe('busy\nfree\n');
    expect(result.code).toBe(0);
    expect(result.signal).toBe(null);
  });

  it('leaves a process without the preload alone', async () => {
    let check: Promise<void> | undefined;
    const result = await spawnProcess(NODE, ['-e', 'console.log("up"); setTimeout(() => console.log("end"), 1500)'], {
      cwd: ROOT,
      env: testEnv(),
      onLine: (line, child) => {
        if (line !== 'up') return;
        check = (async () => {
          const live = await ps(['--wait', '200', String(child.pid)]);
          expect(live.code).toBe(1);
          expect(live.stderr).toContain(`process ${child.pid} did not answer within 200ms`);
        })();
      },
    });
    await check;
    expect(result.stdout.toString()).toBe('up\nend\n');
    expect(result.code).toBe(0);
  });

  it('says when there is no such process, and what a pid is', async () => {
    const none = await ps(['999999999']);
    expect(none.stderr).toBe('lingering: no process 999999999\n');
    expect(none.code).toBe(1);
    const bad = await ps(['abc']);
    expect(bad.stderr).toBe('lingering: "abc" is not a process id; usage: lingering ps [pid]\n');
    expect(bad.code).toBe(2);
  });
});
