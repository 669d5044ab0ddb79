// How a report names a process: its command line on one short line. What tells two processes apart
// is at the end (the script's file name, its arguments), so a long line loses the directories in
// the middle ("node …/fixtures/pm-listen list"), never its end; paths are shown relative to the
// working directory when that is shorter.
import { isAbsolute, relative } from 'node:path';
import { truncate } from './text.js';

export interface CommandOptions {
  /** The directory the report is read in: absolute paths under it are shown relative to it. */
  cwd?: string;
  /** Characters (code points). */
  max?: number;
}

/** A word of the command line that is (or ends in, after `--flag=`) a file path. */
interface PathWord {
  prefix: string;
  segments: string[];
  separator: string;
  /** How many trailing segments are shown; the others are one "…". */
  kept: number;
}

type Word = string | PathWord;

// No spaces, quotes or brackets: code passed to `node -e` is left alone.
const PATH = /^(?:[A-Za-z]:)?[^\s'"`(){};,]*[\\/][^\s'"`(){};,]*$/;

/** "node app.js": argv with the executable reduced to its base name. */
export function formatCommand(argv: string[], opts: CommandOptions = {}): string {
  const max = opts.max ?? 60;
  if (argv.length === 0) return '?';
  const [exe = '', ...rest] = argv;
  const base =
    exe
      .split(/[\\/]/)
      .pop()
      ?.replace(/\.exe$/i, '') || exe;
  const words: Word[] = [base, ...rest.map((arg) => toWord(arg, opts.cwd))];
  // Cut the path with the most directories left, one at a time, until the line fits.
  while (length(render(words)) > max) {
    let longest: PathWord | undefined;
    for (const word of words) {
      if (typeof word !== 'string' && word.kept > 1 && (!longest || word.kept > longest.kept)) longest = word;
    }
    if (!longest) break;
    longest.kept -= 1;
  }
  return truncate(render(words), max);
}

function toWord(arg: string, cwd: string | undefined): Word {
  const eq = arg.startsWith('-') ? arg.indexOf('=') : -1;
  const prefix = eq === -1 ? '' : arg.slice(0, eq + 1);
  let path = arg.slice(prefix.length);
  if (!PATH.test(path)) return arg;
  if (cwd !== undefined && isAbsolute(path)) {
    const rel = relative(cwd, path);
    if (rel !== '' && rel.length < path.length) path = rel;
  }
  const separator = path.includes('/') || !path.includes('\\') ? '/' : '\\';
  const segments = path.split(/[\\/]/);
  return { prefix, segments, separator, kept: segments.length };
}

function render(words: Word[]): string {
  return words
    .map((word) => {
      if (typeof word === 'string') return word;
      const { prefix, segments, separator, kept } = word;
      const shown = segments.slice(segments.length - kept).join(separator);
      return kept < segments.length ? `${prefix}…${separator}${shown}` : `${prefix}${shown}`;
    })
    .join(' ');
}

function length(text: string): number {
  return Array.from(text).length;
}
