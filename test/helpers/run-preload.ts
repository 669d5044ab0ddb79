// Runs a fixture under the built preload (`node --import lingering/register <fixture>`) and reads
// the reports it wrote, one per thread. `lingering/register` resolves through the package's
// self-reference, so the tests exercise dist/ exactly as users load it: run `npm run build` first.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPORT_FILE_RE } from '../../src/report/protocol.js';
import type { Location, Report, Task } from '../../src/report/types.js';
import { NODE, ROOT, testEnv } from './env.js';
import { spawnProcess } from './spawn.js';

/** The preload built with the test-only hooks (scripts/build.mjs): LINGERING_TEST_FAULT and the
 * table sizes on globalThis. */
export const TEST_PRELOAD = join(ROOT, '.tmp/test-preload/register.cjs');

export interface RunOptions {
  /** `--import lingering/register` (default) or `--require lingering/register`. */
  mode?: 'import' | 'require';
  /** Load the test build (TEST_PRELOAD) with --require instead of the shipped one. */
  testHooks?: boolean;
  /** Added to the child's environment; a value of '' removes the variable
   *  (LINGERING_REPORT_DIR: '' means text mode, the report goes to stderr). */
  env?: Record<string, string>;
  /** Arguments for the fixture itself. */
  args?: string[];
  /** Written to the process's stdin, which is then closed. */
  input?: string;
  /** Node flags placed before the preload, e.g. ['--import', 'tsx'] or ['--expose-gc']. */
  nodeArgs?: string[];
  /** The child is killed (and the run fails) after this long. */
  timeoutMs?: number;
  node?: string;
  cwd?: string;
}

export interface RunResult {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** The fixture's main-thread report (threadId 0), or the only report; null when none was written. */
  report: Report | null;
  /** Every report written, one per thread, sorted by pid then threadId. */
  reports: Report[];
  pid: number | undefined;
}

const DEFAULT_TIMEOUT_MS = 15_000;

export function runFixture(file: string, opts: RunOptions = {}): Promise<RunResult> {
  return runPreloaded([file, ...(opts.args ?? [])], opts);
}

/** Runs `node <preload flags> ...argv` (a file, or `-e <code>`, or `-` with `opts.input`). */
export async function runPreloaded(argv: string[], opts: RunOptions = {}): Promise<RunResult> {
  assertBuilt();
  const file = argv.join(' ');
  const textMode = opts.env?.LINGERING_REPORT_DIR === '';
  const reportDir = textMode ? null : await mkdtemp(join(tmpdir(), 'lingering-test-'));
  try {
    const extra: Record<string, string | undefined> = { LINGERING_REPORT_DIR: reportDir ?? undefined };
    for (const [key, value] of Object.entries(opts.env ?? {})) extra[key] = value === '' ? undefined : value;
    const preload = opts.testHooks
      ? ['--require', TEST_PRELOAD]
      : [opts.mode === 'require' ? '--require' : '--import', 'lingering/register'];
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const run = await spawnProcess(opts.node ?? NODE, [...(opts.nodeArgs ?? []), ...preload, ...argv], {
      cwd: opts.cwd ?? ROOT,
      env: testEnv(extra),
      killAfterMs: timeoutMs,
      ...(opts.input === undefined ? {} : { input: opts.input }),
    });
    const stdout = run.stdout.toString('utf8');
    if (run.timedOut) {
      throw new Error(`${file} did not exit within ${timeoutMs} ms (killed)\nstdout: ${stdout}\nstderr: ${run.stderr}`);
    }
    const reports = reportDir ? ((await readReports(reportDir)) ?? []) : [];
    const { code, signal, stderr, pid } = run;
    return { code, signal, stdout, stderr, pid, reports, report: mainReport(reports, pid) };
  } finally {
    if (reportDir) await rm(reportDir, { recursive: true, force: true });
  }
}

function assertBuilt(): void {
  for (const entry of ['dist/register.mjs', 'dist/register.cjs', TEST_PRELOAD]) {
    if (!existsSync(resolve(ROOT, entry))) {
      throw new Error(`${entry} is missing: run \`npm run build\` before the preload tests`);
    }
  }
}

async function readReports(dir: string): Promise<Report[]> {
  const names = (await readdir(dir)).filter((name) => REPORT_FILE_RE.exec(name)?.[4] === 'json');
  const reports = await Promise.all(
    names.map(async (name) => {
      const text = await readFile(join(dir, name), 'utf8');
      try {
        return JSON.parse(text) as Report;
      } catch (error) {
        // A torn or invalid report is a bug in the preload: fail loudly with what was written.
        throw new Error(`${name} is not valid JSON (${String(error)}): ${text.slice(0, 500)}`);
      }
    }),
  );
  const key = (report: Report) => [report.processes[0]?.pid ?? 0, threadIdOf(report)] as const;
  return reports.sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1]);
}

export function threadIdOf(report: Report): number {
  return report.processes[0]?.threadId ?? 0;
}

function mainReport(reports: Report[], pid: number | undefined): Report | null {
  const main = reports.find((report) => report.processes[0]?.pid === pid && threadIdOf(report) === 0);
  return main ?? (reports.length === 1 ? reports[0]! : null);
}

/** Top-level tasks created at `file:line`. */
export function tasksAt(report: Report | null, file: string, line: number): Task[] {
  return (report?.tasks ?? []).filter((task) => task.location?.file === file && task.location.line === line);
}

/** Top-level tasks of one async_hooks type ("Timeout", "TCPWRAP", "AsyncFunction", ...). */
export function byType(report: Report | null, type: string): Task[] {
  return (report?.tasks ?? []).filter((task) => task.type === type);
}

/** Every task, including those nested in a task's `chain` (what an async function awaits). */
export function allTasks(report: Report | null): Task[] {
  const out: Task[] = [];
  const visit = (task: Task) => {
    out.push(task);
    task.chain?.forEach(visit);
  };
  report?.tasks.forEach(visit);
  return out;
}

export function errorTasks(report: Report | null): Task[] {
  return (report?.tasks ?? []).filter((task) => task.severity === 'error');
}

/** One line per task, for assertion messages: "Timeout fixtures/a.mjs:3 error pending refed x1". */
export function summarize(report: Report | null): string {
  if (!report) return 'no report';
  const line = (task: Task, depth: number): string[] => [
    `${'  '.repeat(depth)}${task.kind} ${task.type} ${task.location ? `${task.location.file}:${task.location.line}` : '?'} ` +
      `${task.severity} ${task.state}${task.refed ? ' refed' : ''} x${task.count} "${task.description}"`,
    ...(task.chain ?? []).flatMap((inner) => line(inner, depth + 1)),
  ];
  const tasks = report.tasks.flatMap((task) => line(task, 0));
  return `exit ${JSON.stringify(report.processes[0]?.exit)}; ${tasks.length} task(s)\n${tasks.join('\n')}`;
}

/**
 * A fixture location for assertions, checked against the fixture itself so that an edited fixture
 * cannot silently leave a test asserting the wrong line.
 */
export function at(file: string, line: number, code: string): Pick<Location, 'file' | 'line'> {
  const text = readFileSync(join(ROOT, file), 'utf8').split('\n')[line - 1];
  if (text === undefined || !text.includes(code)) {
    throw new Error(`${file}:${line} is ${JSON.stringify(text)}, expected it to contain ${JSON.stringify(code)}`);
  }
  return { file, line };
}
