// Runs a fixture under the built preload (`node --import lingering/register <fixture>`) and reads
// the reports it wrote, one per thread. `lingering/register` resolves through the package's
// self-reference, so the tests exercise dist/ exactly as users load it: run `npm run build` first.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPORT_FILE_RE } from '../../src/report/protocol.js';
import type { Location, Report, Task } from '../../src/report/types.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface RunOptions {
  /** `--import lingering/register` (default) or `--require lingering/register`. */
  mode?: 'import' | 'require';
  /** Added to the child's environment; a value of '' removes the variable
   *  (LINGERING_REPORT_DIR: '' means text mode, the report goes to stderr). */
  env?: Record<string, string>;
  /** Arguments for the fixture itself. */
  args?: string[];
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

export async function runFixture(file: string, opts: RunOptions = {}): Promise<RunResult> {
  assertBuilt();
  const textMode = opts.env?.LINGERING_REPORT_DIR === '';
  const reportDir = textMode ? null : await mkdtemp(join(tmpdir(), 'lingering-test-'));
  try {
    const env = childEnv(opts.env ?? {}, reportDir);
    const node = opts.node ?? process.env.LINGERING_TEST_NODE ?? process.execPath;
    const argv = [
      ...(opts.nodeArgs ?? []),
      opts.mode === 'require' ? '--require' : '--import',
      'lingering/register',
      file,
      ...(opts.args ?? []),
    ];
    const run = await spawnAndWait(node, argv, opts.cwd ?? repoRoot, env, opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, file);
    const reports = reportDir ? ((await readReports(reportDir)) ?? []) : [];
    return { ...run, reports, report: mainReport(reports, run.pid) };
  } finally {
    if (reportDir) await rm(reportDir, { recursive: true, force: true });
  }
}

function assertBuilt(): void {
  for (const entry of ['dist/register.mjs', 'dist/register.cjs']) {
    if (!existsSync(join(repoRoot, entry))) {
      throw new Error(`${entry} is missing: run \`npm run build\` before the preload tests`);
    }
  }
}

// The test runner itself may run under the wrapper (`npm test` is `lingering -- vitest run`): drop its
// NODE_OPTIONS and LINGERING_* so that the fixture loads the preload exactly once and reports only here.
function childEnv(extra: Record<string, string>, reportDir: string | null): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('LINGERING_') || key === 'NODE_OPTIONS' || key === 'FORCE_COLOR') delete env[key];
  }
  env.NO_COLOR = '1';
  if (reportDir) env.LINGERING_REPORT_DIR = reportDir;
  for (const [key, value] of Object.entries(extra)) {
    if (value === '') delete env[key];
    else env[key] = value;
  }
  return env;
}

function spawnAndWait(
  node: string,
  argv: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  file: string,
): Promise<Omit<RunResult, 'report' | 'reports'>> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} did not exit within ${timeoutMs} ms (killed)\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, pid: child.pid });
    });
  });
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
  const text = readFileSync(join(repoRoot, file), 'utf8').split('\n')[line - 1];
  if (text === undefined || !text.includes(code)) {
    throw new Error(`${file}:${line} is ${JSON.stringify(text)}, expected it to contain ${JSON.stringify(code)}`);
  }
  return { file, line };
}
