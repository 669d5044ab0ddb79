// Where the merged report goes. The command owns stdout while it runs, so the text report goes
// to stderr and the machine formats go to stdout only once the command has ended.
// GitHub workflow commands are only read from stdout (https://docs.github.com/actions/reference/workflow-commands-for-github-actions).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatGithub, formatJson, formatJunit, formatText, type Report } from '../report/index.js';
import { formatHtml } from '../report/format-html.js';
import { useColor } from './color.js';
import { ReportWriteError } from './errors.js';
import type { ReporterName } from './options.js';

type Format = (report: Report, opts: { strict: boolean; cwd: string }) => string;

const STDOUT_FORMATS: Record<Exclude<ReporterName, 'text'>, Format> = {
  json: (report) => formatJson(report),
  github: (report, { cwd }) => formatGithub(report, { cwd }),
  junit: (report, opts) => formatJunit(report, opts),
};

export function printReport(report: Report, options: { reporters: ReporterName[]; strict: boolean }): void {
  const stderr = process.stderr;
  // Command lines in process notes show paths relative to where lingering was run.
  const cwd = process.cwd();
  const color = useColor(stderr, process.env);
  writeLine(stderr, formatText(report, { color, width: stderr.columns || 100, cwd }));
  for (const name of options.reporters) {
    if (name !== 'text') writeLine(process.stdout, STDOUT_FORMATS[name](report, { strict: options.strict, cwd }));
  }
}

export async function writeJsonReport(report: Report, path: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, ensureNewline(formatJson(report)));
  } catch (error) {
    throw new ReportWriteError(path, (error as NodeJS.ErrnoException).code ?? String(error));
  }
}

export async function writeHtmlReport(report: Report, path: string, title: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, formatHtml(report, { cwd: process.cwd(), title }));
  } catch (error) {
    throw new ReportWriteError(path, (error as NodeJS.ErrnoException).code ?? String(error), '--html');
  }
}

export function writeLine(stream: NodeJS.WritableStream, text: string): void {
  if (text !== '') stream.write(ensureNewline(text));
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
