// A child that did not answer in time (busy in synchronous code, which terminate() interrupts
// wherever it is) leaves no report. Its parent writes one for it that says so, in the file the
// child's own report would have had, so that the run counts it as a thread that could not report
// (the wrapper's headline; --strict fails on it) and names its command line.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPORT_FILE_RE } from '../../report/protocol.js';
import { REPORT_VERSION, type Report } from '../../report/types.js';
import { withIntrinsics } from '../intrinsics.js';
import { writeReportFile } from '../write/write-report.js';

/** The argv the child wrote into its start-up marker, when it got that far. */
function markerArgv(dir: string, threadId: number): string[] {
  let newest = -1;
  let file: string | undefined;
  for (const name of readdirSync(dir)) {
    const match = REPORT_FILE_RE.exec(name);
    if (!match || match[4] !== 'started' || Number(match[1]) !== process.pid || Number(match[2]) !== threadId) continue;
    if (Number(match[3]) > newest) [newest, file] = [Number(match[3]), name];
  }
  if (file === undefined) return [];
  const marker = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { argv?: unknown };
  return Array.isArray(marker.argv) ? marker.argv.filter((arg): arg is string => typeof arg === 'string') : [];
}

/** Never throws: the parent is inside terminate() or its own exit. */
export function writeMissingReport(dir: string, threadId: number): void {
  try {
    withIntrinsics(() => {
      let argv: string[] = [];
      try {
        argv = markerArgv(dir, threadId);
      } catch {
        // No marker, or an unreadable one: the report says less.
      }
      const report: Report = {
        version: REPORT_VERSION,
        processes: [
          {
            pid: process.pid,
            ppid: process.ppid,
            argv,
            threadId,
            exit: { reason: 'missing', code: null, signal: null },
            missingReport: true,
          },
        ],
        tasks: [],
      };
      writeReportFile(report, dir, threadId);
    });
  } catch {
    // The wrapper still counts the child from its start-up marker.
  }
}
