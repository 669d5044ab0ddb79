// The end of a run, and of `lingering merge`: the report printed, the JSON and the baseline
// written, the gate's exit code.
import { countFailures, summarize, type Report } from '../report/index.js';
import { formatHangSummary } from '../report/hang-summary.js';
import { plural } from '../report/text.js';
import { displayPath } from './display-path.js';
import { ExpectedError } from './errors.js';
import { exitCodeFor } from './exit-code.js';
import type { RunOptions } from './options.js';
import { printReport, writeHtmlReport, writeJsonReport } from './output.js';
import { perTestNote } from './per-test-note.js';
import { say } from './say.js';
import type { CommandOutcome } from './spawn-command.js';
import type { Suppressed } from './suppress.js';

/** The merged, suppressed report of a run (or of `lingering merge`): printed, written, gated. */
export async function conclude(
  { report, written }: Suppressed,
  outcome: CommandOutcome,
  options: RunOptions,
): Promise<number> {
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
  if (written !== undefined && options.baselinePath !== null) {
    say(
      `wrote ${plural(written.tasks, 'known leak')} (${plural(written.entries, 'entry', 'entries')}) ` +
        `to the baseline ${displayPath(options.baselinePath, process.cwd())}`,
    );
  }
  if (code === 1 && outcome.timedOutAt === null && failures > 0) say(failureLine(failures, report));
  if (outcome.interruptedBy !== null && outcome.timedOutAt === null) {
    say('a run that hangs can stop by itself and name what kept it running: lingering --timeout <seconds> -- …');
  }
  if (code === 1 && outcome.timedOutAt === null && unreported > 0) {
    say(`${plural(unreported, 'process', 'processes')} could not report, and --strict fails the run on that`);
  }
  /** A report file that cannot be written is said in one line and fails a run that passed. */
  const write = async (file: () => Promise<void>): Promise<void> => {
    try {
      await file();
    } catch (error) {
      if (!(error instanceof ExpectedError)) throw error;
      say(error.message);
      if (code === 0) code = error.exitCode;
    }
  };
  const { htmlPath, jsonPath } = options;
  if (htmlPath !== null) {
    const title = options.command ? `lingering -- ${[options.command, ...options.args].join(' ')}` : 'lingering merge';
    await write(() => writeHtmlReport(report, htmlPath, title));
  }
  if (jsonPath !== null) await write(() => writeJsonReport(report, jsonPath));
  return code;
}

function failureLine(failures: number, report: Report): string {
  const one = failures === 1;
  const them = one ? 'it' : 'them';
  if (report.suppression?.baseline === undefined) {
    return (
      `${failures} lingering ${one ? 'task fails' : 'tasks fail'} the run; ` +
      `fix ${them}, ignore ${them} with --ignore <pattern>, or use --no-fail to only report`
    );
  }
  return (
    `${failures} new lingering ${one ? 'task' : 'tasks'} (not in the baseline) ${one ? 'fails' : 'fail'} the run; ` +
    `fix ${them}, ignore ${them} with --ignore <pattern>, or add ${them} to the baseline with --update-baseline`
  );
}
