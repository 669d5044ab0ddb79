// The report model: the JSON contract, described for users by schema/report.schema.json (shipped in
// the package; test/helpers/schema.ts validates reports against it). Other tools read it,
// so fields are only ever added, never renamed or removed.

export const REPORT_VERSION = 1;

export type TaskKind = 'handle' | 'promise';
export type TaskState = 'pending' | 'destroyed';
export type Severity = 'error' | 'warning';
export type ExitReason = 'natural' | 'exit' | 'signal' | 'uncaught' | 'timeout' | 'terminated' | 'missing' | 'running';

/** A source position, already source-mapped, 1-based, path relative to the working directory. */
export interface Location {
  file: string;
  line: number;
  column: number;
}

export interface Frame extends Location {
  /** Function name as V8 reports it ("startHeartbeat", "Server.listen"), or "<anonymous>". */
  function: string;
}

/** The test (or hook) that was running when a task was made, as the runner names it. */
export interface TestInfo {
  /** The test file, relative to the directory lingering ran in. */
  file: string;
  /** The runner's full name: suites and the test joined by " > ". */
  name: string;
  /** Where the test is defined in `file`. */
  line?: number;
  /** Made in a hook of that test (beforeEach, afterEach) or suite (beforeAll, afterAll). */
  hook?: 'beforeAll' | 'beforeEach' | 'afterEach' | 'afterAll';
  /** vitest, jest, node:test or mocha. */
  runner?: string;
  /** How the runner's own JUnit reporter names this test's testcase. */
  junit?: { classname: string; name: string };
}

export interface Task {
  kind: TaskKind;
  /** async_hooks resource type (Timeout, TCPSERVERWRAP, ...) or "AsyncFunction" / "Promise". */
  type: string;
  /** What it is, in plain words: "setInterval(…, 1000)", "async waitForReady()". */
  description: string;
  severity: Severity;
  /** Handles: keeps the process alive. Promises: always false. */
  refed: boolean;
  state: TaskState;
  /** How many identical tasks this entry stands for. */
  count: number;
  pids: number[];
  /** First frame in user code; null when none could be found. */
  location: Location | null;
  /** Creation stack, user frames only (node: internals and node_modules folded away). */
  stack: Frame[];
  /** What this task awaits, innermost last; each element shaped like a task. */
  chain: Task[];
  /** Milliseconds between creation and the report (the youngest of a group). */
  ageMs?: number;
  /** One line: how to fix this kind of leak. */
  hint?: string;
  /** Async functions: where it is suspended (the await), when known. */
  suspendedAt?: Location | null;
  /** Frames folded away from `stack` (node: internals, node_modules). */
  foldedFrames?: number;
  /** How many of `count` had no creation stack of their own (sampled out, README "Cost") and are
   * counted here because what they belong to was: every recorded await on the same promise was
   * made here, or their timer callback is the one the timers created here call. */
  unrecorded?: number;
  /** The test that was running when it was made (test runs under a runner lingering knows). */
  test?: TestInfo;
  /** Found by the per-test check at the end of its test (--per-test), not at exit. */
  perTest?: boolean;
  /** The same leak gives the same fingerprint across runs, machines, checkouts and line shifts
   * (fingerprint.ts); set by merge() on every top-level task. Baselines are keyed by it. */
  fingerprint?: string;
  /** Kept in the report but not counted: an ignore rule, an inline `// lingering-ignore` comment or
   * the baseline covers it. It never fails the run and is left out of the text, table, annotations
   * and JUnit, which count it instead. */
  suppressed?: Suppressed;
  /** The source text of the line where it is suspended (`await ready;`), trimmed, when readable. */
  suspendedCode?: string;
  /** `.then()`/`.catch()`/`.finally()` continuations that wait on this task, folded into it (outermost
   * first): `main().catch(...)` is one task, async main(), continued by .catch(). */
  continuations?: Continuation[];
  /** In an await tree: this level stands for that many nested calls of one function, each suspended
   * at the same line (recursion collapsed). */
  recursion?: number;
}

export interface Continuation {
  /** "then", "catch" or "finally". */
  method: string;
  location: Location | null;
}

export interface Suppressed {
  /** The rule as the user wrote it ("test/advanced.ts", "Timer", "test:queue > *"), "baseline", or
   * "lingering-ignore at <file>:<line>" for an inline comment. */
  by: string;
  /** The rule's reason (config `{ "pattern", "reason" }`) or the inline comment's text. */
  reason?: string;
}

/** What the suppression of one run did, for the lines that count it (suppress.ts). */
export interface SuppressionSummary {
  /** Every ignore rule (config first, then --ignore), with how many tasks it suppressed; a rule
   * with 0 matched nothing in this run (stale). */
  rules: IgnoreRuleUse[];
  /** With --baseline. */
  baseline?: BaselineUse;
}

export interface IgnoreRuleUse {
  rule: string;
  reason?: string;
  tasks: number;
}

export interface BaselineUse {
  /** Tasks the baseline covers (counts). */
  known: number;
  /** Entries with no task left in this run: fixed, or gone with their code. */
  gone: BaselineEntry[];
  /** Entries with fewer tasks now than recorded: `now` is this run's count. */
  fewer: Array<BaselineEntry & { now: number }>;
}

/** One known leak in a baseline file (--baseline, --update-baseline): matched by fingerprint;
 * the other fields are there for the people who read and review the file. */
export interface BaselineEntry {
  fingerprint: string;
  /** How many tasks with this fingerprint are known: more fail the run (a ratchet). */
  count: number;
  /** "handle/Timeout", "promise/AsyncFunction". */
  kind?: string;
  description?: string;
  /** "src/app.ts:12", where it was when the baseline was written. */
  location?: string;
  /** "test/a.test.ts > suite > case". */
  test?: string;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  entries: BaselineEntry[];
}

export const BASELINE_VERSION = 1;

export interface ProcessExit {
  reason: ExitReason;
  code: number | null;
  signal: string | null;
  /** A terminating signal another process sent this one (SIGTERM from its parent, Ctrl-C), whether
   * it died by it or exited from its own handler. When no test runner ran in it and it is no pool's
   * worker (no IPC channel), it was stopped on request: what it still held is a warning. */
  stoppedBy?: string;
}

export interface ProcessInfo {
  pid: number;
  ppid?: number;
  argv: string[];
  exit: ProcessExit;
  /** Worker threads report as part of their process; threadId 0 is the main thread. */
  threadId?: number;
  /** Seen starting but left no report: set by the wrapper (SIGKILL, a crash), or by a worker's parent
   * thread when the worker did not answer before terminate() (busy in synchronous code). */
  missingReport?: boolean;
  /** Tasks this process had, before merging (per-process count of error/warning). */
  errors?: number;
  warnings?: number;
  /** Awaits/.then()s still waiting at exit that had no stack (sampled out) and could not be counted
   * with a reported task: they may be Node's or a library's own. LINGERING_PROMISES=all records all. */
  unrecordedAwaits?: number;
  /** The test runner whose tests ran in it (vitest, jest, node:test, mocha, ava), when known. */
  runner?: string;
  /** Milliseconds from the process's start to its report (what task ages are relative to). */
  uptimeMs?: number;
  /** A live snapshot (`lingering ps`) covers the main thread: how many worker threads it left out. */
  workerThreads?: number;
}

export interface Report {
  version: typeof REPORT_VERSION;
  processes: ProcessInfo[];
  tasks: Task[];
  /** What ignore rules and the baseline suppressed (the wrapper and `lingering merge` set it). */
  suppression?: SuppressionSummary;
}
