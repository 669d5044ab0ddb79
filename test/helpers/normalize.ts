// What changes between two runs of the same fixture, replaced by placeholders so that a golden file
// can hold a real report: pids, ages, ports, absolute paths (the checkout and the node binary).
import type { ProcessInfo, Report, Task } from '../../src/report/types.js';
import { NODE, ROOT } from './env.js';

export interface NormalizeOptions {
  /** Where Node versions differ in how many of their own frames a stack has: 0 instead. */
  foldedFrames?: boolean;
}

/** A report as a golden file holds it. `pids`: pid -> placeholder, in order of appearance. */
export function normalizeReport(report: Report, opts: NormalizeOptions = {}): Report {
  const pids = new Map<number, number>();
  const pid = (n: number): number => {
    if (!pids.has(n)) pids.set(n, 1001 + pids.size);
    return pids.get(n)!;
  };
  const task = (t: Task): Task => {
    const copy: Task = {
      ...t,
      description: normalizeText(t.description),
      pids: t.pids.map(pid),
      chain: t.chain.map(task),
    };
    if (copy.ageMs !== undefined) copy.ageMs = 0;
    if (opts.foldedFrames && copy.foldedFrames !== undefined) copy.foldedFrames = 0;
    return copy;
  };
  const processes = report.processes.map((p): ProcessInfo => ({
    ...p,
    pid: pid(p.pid),
    ...(p.ppid === undefined ? {} : { ppid: 1000 }),
    ...(p.uptimeMs === undefined ? {} : { uptimeMs: 0 }),
    argv: p.argv.map((arg, i) => (i === 0 ? 'node' : arg.split(ROOT).join(''))),
  }));
  return { ...report, processes, tasks: report.tasks.map(task) };
}

/** Ports, pids, ages and paths in text. A table's column widths follow the lengths of what was
 * replaced, so in table lines runs of padding and of border are one character. */
export function normalizeText(text: string, opts: NormalizeOptions = {}): string {
  const folded = opts.foldedFrames ? text.replace(/… \d+ frames? folded/g, '… N frames folded') : text;
  return replaceVarying(folded)
    .split('\n')
    .map((line) => (/^[┌│├└]/.test(line) ? line.replace(/ {2,}/g, ' ').replace(/─+/g, '─') : line))
    .join('\n');
}

function replaceVarying(text: string): string {
  return (
    text
      .split(ROOT)
      .join('')
      .split(NODE)
      .join('node')
      // Whether the machine listens on IPv6 too decides between [::] and 0.0.0.0.
      .replace(/(\[[0-9a-fA-F:.]*\]|\d+\.\d+\.\d+\.\d+|localhost):\d+/g, '<host>:<port>')
      .replace(/\bpids? \d+(, \d+)*/g, (m) => m.replace(/\d+/g, '<pid>'))
      .replace(/\(pid \d+\)/g, '(pid <pid>)')
      .replace(/alive \d+(\.\d+)?(ms|s|m \d+s|h \d+m)/g, 'alive <age>')
      .replace(/due in \d+(\.\d+)?(ms|s|m \d+s|h \d+m)/g, 'due in <age>')
  );
}
