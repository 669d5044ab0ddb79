// What the wrapper knows about exits that the reports cannot: which reports a --timeout caused,
// and how the command itself ended when it left no report.
import type { Report } from '../report/types.js';
import type { CollectedReport } from './report-dir.js';
import type { CommandOutcome } from './spawn-command.js';

export function annotateExits(collected: CollectedReport[], outcome: CommandOutcome): Report[] {
  return collected.map(({ report, time, missing, pid }) => {
    const timedOut = outcome.timedOutAt !== null && (missing || time >= outcome.timedOutAt);
    const ownExit = missing && pid === outcome.pid;
    if (!timedOut && !ownExit) return report;
    return {
      ...report,
      processes: report.processes.map((info) => ({
        ...info,
        exit: {
          reason: timedOut ? 'timeout' : info.exit.reason,
          code: ownExit ? outcome.code : info.exit.code,
          signal: ownExit ? outcome.signal : info.exit.signal,
        },
      })),
    };
  });
}
