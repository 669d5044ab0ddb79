// Writing one thread's report: a JSON file in the wrapper's directory (renamed into place so a
// reader never sees half a file), or the text report on stderr. Synchronous: this runs in the
// 'exit' event and in signal handlers, where no async work can finish.
import { renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Report } from '../../report/types.js';
import { reportFileName, type StartedMarker } from '../../report/protocol.js';
import { colorFromEnv } from '../../report/colors.js';
import { now } from '../builtins.js';

const require = createRequire(__filename);
type Formatter = typeof import('./format-entry.js');
let formatter: Formatter | undefined;

/** The text formatter (and cli-table3) is a bundle of its own, loaded only when a report is printed. */
function loadFormatter(): Formatter {
  formatter ??= require(join(__dirname, 'format.cjs')) as Formatter;
  return formatter;
}

function writeAtomic(dir: string, name: string, data: string): string {
  const target = join(dir, name);
  const tmp = `${target}.${process.pid}.tmp`;
  writeFileSync(tmp, data, { mode: 0o600 });
  renameSync(tmp, target);
  return target;
}

/** A snapshot written on a signal the program handles itself; the final report replaces it. */
let previous: string | undefined;

function useColor(): boolean {
  // node:tty costs ~2 ms to load: only when the environment leaves the choice to the terminal.
  return colorFromEnv(process.env, () => (require('node:tty') as typeof import('node:tty')).isatty(2));
}

function columns(): number {
  const n = Number(process.env.COLUMNS);
  return Number.isFinite(n) && n >= 40 ? n : 100;
}

export function writeStarted(dir: string, marker: StartedMarker): void {
  writeAtomic(dir, reportFileName(marker.pid, marker.threadId, marker.time, 'started'), JSON.stringify(marker));
}

export function printReport(report: Report): void {
  const text = loadFormatter().formatText(report, { color: useColor(), width: columns() });
  // writeSync: process.stderr may be a worker's async pipe, lost at exit.
  writeSync(2, text.endsWith('\n') ? text : `${text}\n`);
}

/** The report of thread `threadId` of this process, in the file the wrapper reads for it. Throws. */
export function writeReportFile(report: Report, dir: string, threadId: number): string {
  return writeAtomic(dir, reportFileName(process.pid, threadId, now(), 'json'), JSON.stringify(report));
}

/** Returns true when written to the directory, false when it fell back to stderr. */
export function writeReport(report: Report, dir: string | undefined, threadId: number): boolean {
  if (dir) {
    try {
      const written = writeReportFile(report, dir, threadId);
      if (previous && previous !== written) rmSync(previous, { force: true });
      previous = written;
      return true;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      writeSync(2, `lingering: cannot write the report to ${dir} (${reason}); printing it here instead\n`);
    }
  }
  // Awaits still waiting without a stack may be suspended tasks nothing could locate: said too.
  if (report.tasks.length > 0 || report.processes.some((p) => (p.unrecordedAwaits ?? 0) > 0)) printReport(report);
  return false;
}
