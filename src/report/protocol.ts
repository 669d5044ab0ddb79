// How the preload and the wrapper talk: environment variables and report file names.
// Both sides import this file; nothing here does I/O.

/** Directory (made by the wrapper, mode 0700) where each observed thread writes its report. */
export const ENV_REPORT_DIR = 'LINGERING_REPORT_DIR';
/** Standalone preload: "1" makes a clean exit (code 0) become 1 when error tasks are found. */
export const ENV_FAIL = 'LINGERING_FAIL';
/** Standalone preload: "1" makes unref'd handles errors too. */
export const ENV_STRICT = 'LINGERING_STRICT';
/** Ignore patterns, separated by newlines or commas (types, file globs, function names). */
export const ENV_IGNORE = 'LINGERING_IGNORE';
/** Promise tracking tier: "tasks" (default), "all" (a stack for every awaited promise), "off". */
export const ENV_PROMISES = 'LINGERING_PROMISES';
/** "1": check each test at its end (--per-test). */
export const ENV_PER_TEST = 'LINGERING_PER_TEST';
/** Event-loop turns between a test's end and its check (default 3). */
export const ENV_SETTLE_TURNS = 'LINGERING_SETTLE_TURNS';
/** Paths in reports are relative to this directory (the wrapper's working directory). */
export const ENV_ROOT = 'LINGERING_ROOT';

// lingering-<pid>-<threadId>-<epoch ms>.json       a finished report (schema: Report, one process)
// lingering-<pid>-<threadId>-<epoch ms>.started    written at start-up: {pid, ppid, argv}
// Files are written under a temporary name first and renamed, so a reader never sees half a file.
export const REPORT_FILE_RE = /^lingering-(\d+)-(\d+)-(\d+)\.(json|started)$/;

export function reportFileName(pid: number, threadId: number, time: number, ext: 'json' | 'started'): string {
  return `lingering-${pid}-${threadId}-${time}.${ext}`;
}

export interface StartedMarker {
  pid: number;
  ppid: number;
  threadId: number;
  argv: string[];
  time: number;
}

// `lingering ps <pid>`: a live process is asked for a snapshot of what it has pending.
// The asker writes `<pid>.request` (a nonce) into the per-user directory PS_DIR (mode 0700) and
// sends PS_SIGNAL; the process writes `<pid>-<nonce>.ack` at once, then `<pid>-<nonce>.json`
// (a Report with exit reason 'running'). SIGURG: its default action is to ignore it, so a process
// without the preload, or one that has not loaded it yet, is not harmed by the request; Node
// reserves SIGUSR1 for the inspector and nodemon restarts its child with SIGUSR2.
export const PS_SIGNAL = 'SIGURG';
export const PS_REQUEST_RE = /^[a-z0-9]{1,32}$/;

/** The directory, under the temporary directory, where `ps` requests and answers are exchanged. */
export function psDirName(uid: number): string {
  return `lingering-ps-${uid}`;
}

export function psRequestName(pid: number): string {
  return `${pid}.request`;
}

export function psAnswerName(pid: number, nonce: string, ext: 'ack' | 'json'): string {
  return `${pid}-${nonce}.${ext}`;
}

/** Written by the wrapper into its report directory, for `lingering ps` to list running wrappers:
 * {pid, command, cwd, time}. Not a report file name: the report reader skips it. */
export const WRAPPER_MARKER = 'wrapper.json';
/** The report directories wrappers make under the temporary directory (mkdtemp). */
export const REPORT_DIR_RE = /^lingering-[A-Za-z0-9]{6}$/;

export interface WrapperMarker {
  pid: number;
  command: string[];
  cwd: string;
  time: number;
}
