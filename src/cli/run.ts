// One run: start the command with the preload, wait for it, merge what its processes reported,
// print, and decide the exit code.
import { debuglog } from 'node:util';
import { applyIgnore, countFailures, merge, summarize, type Report } from '../report/index.js';
import { formatHangSummary } from '../report/hang-summary.js';
import { plural } from '../report/text.js';
import { annotateExits } from './annotate-exits.js';
import { childEnv, preloadPath } from './env.js';
import { ExpectedError } from './errors.js';
import { exitCodeFor } from './exit-code.js';
import type { RunOptions } from './options.js';
import { printReport, writeHtmlReport, writeJsonReport } from './output.js';
import { perTestNote } from './per-test-note.js';
import { createReportDir, readReports, removeReportDir, reportsComplete, writeWrapperMarker } from './report-dir.js';
import { resolveCommand } from './resolve-command.js';
import { say } from './say.js';
import { runCommand, type CommandOutcome } from './spawn-command.js';

const debug = debuglog('lingering');

/** Time between SIGTERM and SIGKILL after --timeout: enough for every process to write its report. */
export const GRACE_MS = 2000;

export async function run(options: RunOptions): Promise<number> {
  const cwd = process.cwd();
  const file = resolveCommand(options.command, process.env, cwd);
  const preload = preloadPath();
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
    const report = applyIgnore(merge(annotateExits(collected, outcome)), options.ignore);
    return await finish(report, outcome, options);
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

async function finish(report: Report, outcome: CommandOutcome, options: RunOptions): Promise<number> {
  if (outcome.interruptedBy !== null) {
    // Ctrl-C, a CI cancel: what follows was in flight, not necessarily leaked.
    say(`the run was interrupted (${outcome.interruptedBy}); what each process still had in flight when it stopped:`);
  }
  if (outcome.timedOutAt !== null || outcome.interruptedBy !== null) {
    // A hung run: what each stopped process was waiting on leads, the full report follows.
    const [first, ...rest] = formatHangSummary(report, { cwd: process.cwd() });
    if (first !== undefined) {
      say(first);
      process.stderr.write(`${rest.join('\n')}\n\n`);
    }
  }
  printReport(report, options);
  if (report.processes.length === 0) {
    say('no Node.js process reported; check that the command runs node and passes NODE_OPTIONS on to it');
  } else if (options.perTest) {
    const note = perTestNote(report);
    if (note !== null) say(note);
  }
  const failures = countFailures(report, { strict: options.strict });
  // What a process that left no report held is unknown: --strict does not call that clean.
  const unreported = options.strict ? summarize(report).unreported : 0;
  let code = exitCodeFor(outcome, failures + unreported, options.fail);
  if (code === 1 && outcome.timedOutAt === null && failures > 0) {
    const one = failures === 1;
    say(
      `${failures} lingering ${one ? 'task fails' : 'tasks fail'} the run; ` +
        `fix ${one ? 'it' : 'them'}, ignore ${one ? 'it' : 'them'} with --ignore <pattern>, or use --no-fail to only report`,
    );
  }
  if (outcome.interruptedBy !== null && outcome.timedOutAt === null) {
    say('a run that hangs can stop by itself and name what kept it running: lingering --timeout <seconds> -- …');
  }
  if (code === 1 && outcome.timedOutAt === null && unreported > 0) {
    say(`${plural(unreported, 'process', 'processes')} could not report, and --strict fails the run on that`);
  }
  if (options.htmlPath !== null) {
    try {
      const title = `lingering -- ${[options.command, ...options.args].join(' ')}`;
      await writeHtmlReport(report, options.htmlPath, title);
    } catch (error) {
      if (!(error instanceof ExpectedError)) throw error;
      say(error.message);
      if (code === 0) code = error.exitCode;
    }
  }
  if (options.jsonPath !== null) {
    try {
      await writeJsonReport(report, options.jsonPath);
    } catch (error) {
      if (!(error instanceof ExpectedError)) throw error;
      say(error.message);
      if (code === 0) code = error.exitCode;
    }
  }
  return code;
}
