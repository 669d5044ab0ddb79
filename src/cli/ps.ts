// `lingering ps [pid]`: what a live process has pending now, without stopping it. The request is a
// file in a per-user directory and a signal (report/protocol.ts; the preload's side is
// preload/live/ps.ts); the answer is a report file the process writes there.
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Command, CommanderError } from 'commander';
import { formatLiveReport, formatPsList } from '../report/format-ps.js';
import { formatJson } from '../report/format-json.js';
import { PS_SIGNAL, psAnswerName, psDirName, psRequestName } from '../report/protocol.js';
import { REPORT_VERSION, type Report } from '../report/types.js';
import { useColor } from './color.js';
import { ExpectedError, UsageError } from './errors.js';
import { alive, listWrappers } from './ps-list.js';

/** A process that is not in synchronous code answers within a turn of its event loop. */
const ANSWER_MS = 1000;
/** Building the snapshot: source maps, a vitest worker's transformed files. */
const SNAPSHOT_MS = 30_000;

/** The process did not answer, or cannot be asked. Exit 1. */
export class PsError extends ExpectedError {
  override readonly name = 'PsError';
  readonly exitCode = 1;
}

interface PsFlags {
  pid?: number;
  json: boolean;
  waitMs: number;
}

export function parsePsArgv(argv: string[], write: (text: string) => void): PsFlags | null {
  const program = new Command('lingering ps')
    .usage('[options] [pid]')
    .description(
      'Without a pid: the processes running wrappers observe. With one: what that process (run with the lingering preload) has pending now; it goes on running.',
    )
    .argument('[pid]', 'a process running with the lingering preload')
    .option('--json', 'print the live report as JSON')
    .option('--wait <ms>', 'how long the process has to answer', String(ANSWER_MS))
    .helpOption('-h, --help')
    .exitOverride()
    .configureOutput({ writeOut: write, writeErr: write, outputError: () => {} });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) return null;
    throw new UsageError(error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' '), 'see lingering ps --help');
  }
  const opts = program.opts<{ json?: boolean; wait: string }>();
  const waitMs = Number(opts.wait);
  if (!Number.isFinite(waitMs) || waitMs <= 0)
    throw new UsageError(`--wait must be a positive number, got "${opts.wait}"`);
  const flags: PsFlags = { json: opts.json === true, waitMs };
  const [pid] = program.args;
  if (pid !== undefined) {
    if (!/^[1-9]\d*$/.test(pid)) throw new UsageError(`"${pid}" is not a process id`, 'usage: lingering ps [pid]');
    flags.pid = Number(pid);
  }
  return flags;
}

export async function ps(argv: string[]): Promise<number> {
  const flags = parsePsArgv(argv, (text) => process.stdout.write(text));
  if (flags === null) return 0;
  const cwd = process.cwd();
  const width = process.stdout.columns || 100;
  if (flags.pid === undefined) {
    const wrappers = await listWrappers();
    process.stdout.write(
      flags.json ? `${JSON.stringify(wrappers, null, 2)}\n` : formatPsList(wrappers, { cwd, width }),
    );
    return 0;
  }
  const report = await askProcess(flags.pid, flags.waitMs);
  const text = flags.json
    ? formatJson(report)
    : formatLiveReport(report, { color: useColor(process.stdout, process.env), width, cwd });
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return 0;
}

/** Made by us, for us only; an existing one must be ours, a directory and closed to others. */
async function psDir(): Promise<string> {
  const uid = process.getuid?.();
  if (uid === undefined) throw new PsError('lingering ps needs POSIX signals; it does not work on Windows');
  const dir = join(tmpdir(), psDirName(uid));
  await mkdir(dir, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  const st = await lstat(dir);
  if (!st.isDirectory() || st.uid !== uid || (st.mode & 0o077) !== 0) {
    throw new PsError(`${dir} is not a private directory of yours (mode 0700); remove it and try again`);
  }
  return dir;
}

export async function askProcess(pid: number, waitMs: number): Promise<Report> {
  if (!alive(pid)) throw new PsError(`no process ${pid}`);
  const dir = await psDir();
  const nonce = randomBytes(8).toString('hex');
  const request = join(dir, psRequestName(pid));
  const ack = join(dir, psAnswerName(pid, nonce, 'ack'));
  const answer = join(dir, psAnswerName(pid, nonce, 'json'));
  await writeFile(`${request}.tmp`, nonce, { mode: 0o600 });
  await rename(`${request}.tmp`, request);
  try {
    try {
      // SIGURG is ignored by default: a process without the preload is not harmed.
      process.kill(pid, PS_SIGNAL);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new PsError(code === 'EPERM' ? `process ${pid} belongs to another user` : `no process ${pid}`);
    }
    if (!(await appears(ack, waitMs))) {
      throw new PsError(
        `process ${pid} did not answer within ${seconds(waitMs)}: it is busy in synchronous code (or blocked in a ` +
          'synchronous call), or it does not run with the lingering preload; try again, or a longer --wait',
      );
    }
    if (!(await appears(answer, SNAPSHOT_MS))) {
      throw new PsError(`process ${pid} started its snapshot but did not finish it within ${seconds(SNAPSHOT_MS)}`);
    }
    const report = JSON.parse(await readFile(answer, 'utf8')) as Report;
    if (report.version !== REPORT_VERSION || !Array.isArray(report.tasks)) {
      throw new PsError(`process ${pid} answered with a report this version of lingering cannot read`);
    }
    return report;
  } finally {
    await Promise.all([request, ack, answer].map((file) => rm(file, { force: true })));
  }
}

async function appears(file: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (
      await lstat(file).then(
        () => true,
        () => false,
      )
    )
      return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await sleep(Math.min(10, left));
  }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
