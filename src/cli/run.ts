// One run: start the command with the preload, wait for it, merge what its processes reported,
// print, and decide the exit code.
import { debuglog } from 'node:util';
import { merge } from '../report/index.js';
import { annotateExits } from './annotate-exits.js';
import { conclude } from './conclude.js';
import { childEnv, preloadPath } from './env.js';
import { exitCodeFor } from './exit-code.js';
import type { RunOptions } from './options.js';
import { createReportDir, readReports, removeReportDir, reportsComplete, writeWrapperMarker } from './report-dir.js';
import { resolveCommand } from './resolve-command.js';
import { say } from './say.js';
import { runCommand, type CommandOutcome } from './spawn-command.js';
import { loadBaseline, suppress } from './suppress.js';

const debug = debuglog('lingering');

/** Time between SIGTERM and SIGKILL after --timeout: enough for every process to write its report. */
export const GRACE_MS = 2000;

export async function run(options: RunOptions): Promise<number> {
  const cwd = process.cwd();
  const file = resolveCommand(options.command, process.env, cwd);
  const preload = preloadPath();
  const baseline = await loadBaseline(options, cwd);
  const dir = await createReportDir();
  await writeWrapperMarker(dir, [options.command, ...options.args], cwd);
  debug('running %s %o, reports in %s', file, options.args, dir);
  try {
    const outcome = await runCommand({
      file,
      argv0: options.command,
      args: options.args,
      env: childEnv(process.env, dir, preload, { perTest: options.perTest }),
      cwd,
      timeoutMs: options.timeout === null ? null : options.timeout * 1000,
      graceMs: GRACE_MS,
      reportsComplete: () => reportsComplete(dir),
      onTimeout: () =>
        say(
          `command timed out after ${options.timeout}s; stopping it (SIGTERM, then SIGKILL after ${GRACE_MS / 1000}s)`,
        ),
    });
    const collected = await readReports(dir);
    if (collected === null) return reportsLost(dir, outcome, options);
    const suppressed = await suppress(merge(annotateExits(collected, outcome)), options, baseline, cwd);
    return await conclude(suppressed, outcome, options);
  } finally {
    await removeReportDir(dir);
  }
}

/** Something removed the report directory while the command ran. Each process printed its own
 * report on stderr instead (the preload falls back to it); the wrapper cannot merge or gate them. */
function reportsLost(dir: string, outcome: CommandOutcome, options: RunOptions): number {
  say(
    `the report directory ${dir} was removed while the command ran, so the reports cannot be merged; ` +
      'each process printed its own report above instead',
  );
  if (options.jsonPath !== null) say(`no JSON report written to ${options.jsonPath}`);
  const code = exitCodeFor(outcome, 0, options.fail);
  // Unchecked is not clean: fail unless asked only to report.
  return code === 0 && options.fail ? 1 : code;
}
