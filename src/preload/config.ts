// The preload's settings, all from the environment (the wrapper sets them for its children).
import {
  ENV_FAIL,
  ENV_IGNORE,
  ENV_PER_TEST,
  ENV_PROMISES,
  ENV_REPORT_DIR,
  ENV_ROOT,
  ENV_SETTLE_TURNS,
  ENV_STRICT,
} from '../report/protocol.js';
import type { PromiseMode } from './hooks/promises.js';

/** NODE_DEBUG=lingering (or *), as Node's util.debuglog reads it. */
export function debugging(env: NodeJS.ProcessEnv): boolean {
  return (env.NODE_DEBUG ?? '').split(',').some((name) => /^\s*(lingering|\*)\s*$/i.test(name));
}

export interface PreloadConfig {
  reportDir: string | undefined;
  fail: boolean;
  strict: boolean;
  ignore: string[];
  promises: PromiseMode;
  root: string;
  /** LINGERING_PER_TEST: check each test at its end (checks/per-test.ts). */
  perTest: boolean;
  /** LINGERING_SETTLE_TURNS: event-loop turns between a test's end and its check. */
  settleTurns: number;
  /** NODE_DEBUG names lingering: one line per report on what it cost. */
  debug: boolean;
  /** How long a worker being stopped has to acknowledge the request for its report (threads/);
   * LINGERING_TERMINATE_WAIT_MS, default 200. */
  terminateWaitMs: number;
  /** Test builds only: LINGERING_TEST_FAULT=n makes the n-th resource's init hook throw (tests of
   * the self-disabling path). */
  faultAt: number;
}

/** A worker that answers at all answers in 0-60 ms (slower on Node 22+ right after it went
 * idle); one in synchronous code never does, and this is what its terminate() costs. */
const TERMINATE_WAIT_MS = 200;

function flag(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

function milliseconds(value: string | undefined, otherwise: number): number {
  const n = value === undefined || value.trim() === '' ? NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? n : otherwise;
}

export function readConfig(env: NodeJS.ProcessEnv): PreloadConfig {
  const promises = env[ENV_PROMISES];
  return {
    reportDir: env[ENV_REPORT_DIR] || undefined,
    fail: flag(env[ENV_FAIL]),
    strict: flag(env[ENV_STRICT]),
    ignore: (env[ENV_IGNORE] ?? '')
      .split(/[\n,]/)
      .map((s) => s.trim())
      .filter(Boolean),
    promises: promises === 'all' || promises === 'off' ? promises : 'tasks',
    root: env[ENV_ROOT] || process.cwd(),
    perTest: flag(env[ENV_PER_TEST]),
    settleTurns: Math.max(1, Math.trunc(Number(env[ENV_SETTLE_TURNS])) || 3),
    faultAt: TEST_HOOKS ? Math.max(0, Math.trunc(Number(env.LINGERING_TEST_FAULT)) || 0) : 0,
    terminateWaitMs: milliseconds(env.LINGERING_TERMINATE_WAIT_MS, TERMINATE_WAIT_MS),
    debug: debugging(env),
  };
}
