// Runs a fixture twice with a real node, plain and with the lingering preload, and compares what an
// observer of the process can see: stdout bytes, exit code or signal, and the program's own stderr.
// It never changes what the program does (README, "What the program can tell").
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NODE, ROOT, testEnv } from '../helpers/env.js';
import { spawnProcess, type SpawnOptions, type SpawnResult } from '../helpers/spawn.js';
import { TEST_PRELOAD } from '../helpers/run-preload.js';

export { NODE, ROOT };
export const FIXTURES = fileURLToPath(new URL('../../fixtures/equivalence/', import.meta.url));

/** How the preload is put into the process. `--import` for ESM entries and `--require` for CommonJS
 * are what users type; `node-options` is how the wrapper injects it; `test-build` is the build
 * with the test-only hooks (--require). */
export type PreloadVia = 'import' | 'require' | 'node-options' | 'test-build';

export interface RunOptions {
  /** Undefined: a plain run. */
  preload?: PreloadVia | undefined;
  args?: string[];
  /** Node flags for both runs (e.g. --unhandled-rejections=warn). */
  nodeArgs?: string[];
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed. Without it stdin is closed at once. */
  input?: string;
  /** Called for every complete stdout line while the process runs (to send signals, close pipes). */
  onLine?: (line: string, child: ChildProcess) => void;
  /** The process is killed with SIGKILL after this long; the result says so. */
  killAfterMs?: number;
}

export type RunResult = Omit<SpawnResult, 'pid'>;

/** The environment both runs share (test/helpers/env.ts): a "plain" run must not inherit the
 * preload of the outer `lingering -- vitest` run. */
export const baseEnv = testEnv;

export function defaultVia(fixture: string): PreloadVia {
  return fixture.endsWith('.cjs') ? 'require' : 'import';
}

export function runFixture(fixture: string, options: RunOptions = {}): Promise<RunResult> {
  const env = baseEnv(options.env);
  const argv = [...(options.nodeArgs ?? [])];
  if (options.preload === 'import') argv.push('--import', 'lingering/register');
  if (options.preload === 'require') argv.push('--require', 'lingering/register');
  // As the wrapper injects it (src/cli/env.ts).
  if (options.preload === 'node-options') env.NODE_OPTIONS = `--require "${ROOT}dist/register.cjs"`;
  if (options.preload === 'test-build') argv.push('--require', TEST_PRELOAD);
  argv.push(FIXTURES + fixture, ...(options.args ?? []));
  // cwd is the package root so that `lingering/register` resolves through the package's own
  // "exports" (self-reference), exactly as it does for a user who installed it.
  const spawnOptions: SpawnOptions = { cwd: ROOT, env, killAfterMs: options.killAfterMs ?? 15_000 };
  if (options.input !== undefined) spawnOptions.input = options.input;
  if (options.onLine) spawnOptions.onLine = options.onLine;
  return spawnProcess(NODE, argv, spawnOptions);
}

/**
 * Removes lingering's report from the stderr of a preloaded run, leaving the program's own output.
 *
 * ASSUMPTION, shared with src/preload and src/report: everything lingering prints to stderr is one
 * contiguous block whose first line either starts with "lingering:" or contains "pending at exit" or
 * "Task was destroyed", and which ends with the summary table's bottom border (a line starting with
 * "└"). The block is printed from the 'exit' event, so Node's own uncaught-error text and the
 * program's later exit listeners may follow it: only the block is removed, the lines after it stay.
 * Without a table the block runs to the end. Colour codes are ignored when matching (the runs set NO_COLOR, but a report that ignored it
 * must not hide a difference). If the report format changes its first line, change it here only.
 */
export function stripReport(stderr: string): string {
  const lines = stderr.split('\n');
  const start = lines.findIndex((line) => isReportStart(stripAnsi(line)));
  if (start === -1) return stderr;
  const end = lines.findIndex((line, i) => i > start && stripAnsi(line).startsWith('└'));
  const rest = end === -1 ? [] : lines.slice(end + 1);
  return [...lines.slice(0, start), ...rest].join('\n') + (start > 0 && rest.length === 0 ? '\n' : '');
}

function isReportStart(line: string): boolean {
  return line.startsWith('lingering:') || line.includes('pending at exit') || line.includes('Task was destroyed');
}

export function hasReport(stderr: string): boolean {
  return stripReport(stderr) !== stderr;
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}

/** Things that differ between any two runs of the same program: the pid in Node's warnings. */
export function normalize(stderr: string): string {
  return stderr.replace(/\((node|lingering):\d+\)/g, '($1:PID)');
}

/** The lines of `expected` that are not found, in order, in `actual` (empty when all are there). */
export function missingInOrder(expected: string[], actual: string[]): string[] {
  const missing: string[] = [];
  let at = 0;
  for (const line of expected) {
    const found = actual.indexOf(line, at);
    if (found === -1) missing.push(line);
    else at = found + 1;
  }
  return missing;
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function describeStdout(stdout: Buffer): string {
  const head = stdout.subarray(0, 2000).toString('utf8');
  return `${stdout.length} bytes, sha256 ${sha256(stdout).slice(0, 16)}:\n${head}${stdout.length > 2000 ? '…' : ''}`;
}

export interface Expectation {
  /** 'report': something is left pending, so the preloaded run must print a report to stderr.
   * 'clean': nothing is pending, so the preloaded run's stderr must equal the plain run's.
   * 'any': either is acceptable (the fixture tests something else). */
  report: 'report' | 'clean' | 'any';
  /** What the plain run must do, so that a fixture that stopped doing its job fails loudly. */
  exit: { code: number | null; signal?: NodeJS.Signals | null };
  /** 'exact' (default), 'first-line' (a test that closes the pipe early) or 'none'. */
  stdout?: 'exact' | 'first-line';
  /** Text the plain run's stdout must contain (the fixture really did its thing). */
  stdoutHas?: string[];
  /** Text the plain run's stderr must contain, and the preloaded run's too. */
  stderrHas?: string[];
  /** 'own-lines' (default): every line of the plain run's stderr is in the preloaded run's, in order.
   * 'loose': only `stderrHas` is compared (Node's own output is not deterministic, e.g. where an
   * EPIPE is noticed decides which stack is printed). */
  stderr?: 'own-lines' | 'loose';
}

export interface Pair {
  plain: RunResult;
  preloaded: RunResult;
}

/** Runs the fixture plain and preloaded (at the same time: they are independent processes). */
export async function runPair(fixture: string, options: RunOptions & { via?: PreloadVia } = {}): Promise<Pair> {
  const via = options.via ?? defaultVia(fixture);
  const [plain, preloaded] = await Promise.all([
    runFixture(fixture, { ...options, preload: undefined }),
    runFixture(fixture, { ...options, preload: via }),
  ]);
  return { plain, preloaded };
}

/** The assertions of the equivalence suite, with messages that show both runs. */
export function assertEquivalent({ plain, preloaded }: Pair, expectation: Expectation): void {
  const context = ['--- plain stderr ---', plain.stderr, '--- preloaded stderr ---', preloaded.stderr, '---'].join(
    '\n',
  );

  expect(plain.timedOut, `the plain run was killed after its time limit\n${context}`).toBe(false);
  expect(preloaded.timedOut, `the preloaded run was killed after its time limit\n${context}`).toBe(false);

  // The fixture itself does what it says (guards against a fixture that silently stopped testing anything).
  expect({ code: plain.code, signal: plain.signal }, `plain run exit\n${context}`).toEqual({
    code: expectation.exit.code,
    signal: expectation.exit.signal ?? null,
  });
  for (const text of expectation.stdoutHas ?? []) {
    expect(plain.stdout.toString('utf8'), 'plain stdout').toContain(text);
  }
  for (const text of expectation.stderrHas ?? []) {
    expect(plain.stderr, `plain stderr\n${context}`).toContain(text);
  }
  expect(hasReport(plain.stderr), `the plain run's own stderr looks like a report: fix the fixture\n${context}`).toBe(
    false,
  );

  // Same exit code and signal.
  expect({ code: preloaded.code, signal: preloaded.signal }, `exit code / signal differ\n${context}`).toEqual({
    code: plain.code,
    signal: plain.signal,
  });

  // Same stdout, byte for byte.
  if (expectation.stdout === 'first-line') {
    const first = (b: Buffer) => b.toString('utf8').split('\n')[0];
    expect(first(preloaded.stdout), 'first stdout line').toBe(first(plain.stdout));
  } else if (!preloaded.stdout.equals(plain.stdout)) {
    expect(describeStdout(preloaded.stdout), `stdout differs\n${context}`).toBe(describeStdout(plain.stdout));
  }

  // The program's own stderr is all there, in order, before the report.
  for (const text of expectation.stderrHas ?? []) {
    expect(stripReport(preloaded.stderr), `preloaded stderr\n${context}`).toContain(text);
  }
  if (expectation.stderr !== 'loose') {
    const plainLines = normalize(plain.stderr).split('\n');
    const ownLines = normalize(stripReport(preloaded.stderr)).split('\n');
    expect(missingInOrder(plainLines, ownLines), `lines of the program's stderr are missing\n${context}`).toEqual([]);
  }

  if (expectation.report === 'report') {
    expect(preloaded.stderr, `expected a report (something is left pending)\n${context}`).toContain('pending');
  } else if (expectation.report === 'clean') {
    expect(normalize(preloaded.stderr), `nothing is pending: stderr must be untouched\n${context}`).toBe(
      normalize(plain.stderr),
    );
  }
}

export interface Case extends Expectation {
  fixture: string;
  /** Test title: what the program does. */
  what: string;
  run?: RunOptions & { via?: PreloadVia };
}

/** Per-test time limit; the suite runs its cases concurrently. */
export const TEST_TIMEOUT = 20_000;

export async function check(c: Case): Promise<void> {
  assertEquivalent(await runPair(c.fixture, c.run), c);
}

/** stdout lines handler: on the first line equal to `ready`, send `signal` to that child. The same
 * handler serves both runs of a pair, so it remembers per child. */
export function killOn(ready: string, signal: NodeJS.Signals): RunOptions['onLine'] {
  const signalled = new WeakSet<ChildProcess>();
  return (line, child) => {
    if (!signalled.has(child) && line === ready) {
      signalled.add(child);
      child.kill(signal);
    }
  };
}

/**
 * Differences the suite found that the preload does not fix yet. Each is asserted to still fail
 * (it.fails), so fixing one turns its test red until it is removed from here. Tracked in the
 * robustness issue's closing note.
 */
export const KNOWN_DIFFERENCES = new Set([
  // Node stores async ids as symbol properties on every promise once any async_hooks init hook
  // is enabled; util.inspect shows them. Inherent to async_hooks.
  'promise-inspect.mjs',
]);

/** Differs only on some runs (timing); skipped until understood, named in the note. */
export const FLAKY_DIFFERENCES = new Set<string>([]);

/** One concurrent describe block of cases, each its own test named after its fixture. */
export function defineCases(name: string, cases: Case[]): void {
  describe.concurrent(name, () => {
    for (const c of cases) {
      const via = c.run?.via ? ` (via ${c.run.via})` : '';
      const define = FLAKY_DIFFERENCES.has(c.fixture) ? it.skip : KNOWN_DIFFERENCES.has(c.fixture) ? it.fails : it;
      define(`${c.fixture}${via}: ${c.what}`, { timeout: TEST_TIMEOUT }, () => check(c));
    }
  });
}
