// Runs the command to its end: forwards the signals the wrapper gets, enforces --timeout, and
// after a stop waits for the rest of the process group so that its reports are complete.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { debuglog } from 'node:util';
import { CommandNotExecutableError, CommandNotFoundError } from './errors.js';
import { groupAlive, signalGroup, spawnDetached, waitForGroup } from './process-group.js';

const debug = debuglog('lingering');

/** Signals a terminal or a CI runner sends to stop a job. */
export const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export interface CommandSpec {
  /** Resolved program path. */
  file: string;
  /** The name the user typed, as the program's argv[0]. */
  argv0: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Milliseconds before the group gets SIGTERM, or null. */
  timeoutMs: number | null;
  /** Milliseconds from a stop (timeout or forwarded signal) until we stop waiting; after a timeout, SIGKILL. */
  graceMs: number;
  onTimeout?: () => void;
  /** Whether every observed process that started has written its report. */
  reportsComplete: () => Promise<boolean>;
}

export interface CommandOutcome {
  pid: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Epoch ms when --timeout fired, or null when it did not. */
  timedOutAt: number | null;
  /** The signal the wrapper received and passed on (Ctrl-C, a CI cancel), or null. */
  interruptedBy: NodeJS.Signals | null;
}

export async function runCommand(spec: CommandSpec): Promise<CommandOutcome> {
  const child = start(spec);
  const pid = child.pid as number;
  const stopper = new Stopper(pid, spec);
  try {
    const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
    debug('command %d exited: code %s, signal %s', pid, code, signal);
    await stopper.drain();
    return { pid, code, signal, timedOutAt: stopper.timedOutAt, interruptedBy: stopper.interruptedBy };
  } catch (error) {
    // once() rejects with the child's 'error' event: the program could not be started.
    throw spawnError(error, spec.argv0);
  } finally {
    stopper.dispose();
  }
}

function start(spec: CommandSpec): ChildProcess {
  try {
    return spawn(spec.file, spec.args, {
      argv0: spec.argv0,
      env: spec.env,
      cwd: spec.cwd,
      stdio: 'inherit',
      shell: false,
      detached: spawnDetached,
    });
  } catch (error) {
    throw spawnError(error, spec.argv0);
  }
}

/** Signal forwarding and the --timeout clock for one running command. */
class Stopper {
  timedOutAt: number | null = null;
  interruptedBy: NodeJS.Signals | null = null;
  private stoppedAt: number | null = null;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly forward = (signal: NodeJS.Signals): void => {
    this.stoppedAt ??= Date.now();
    this.interruptedBy ??= signal;
    this.signal(signal);
  };

  constructor(
    private readonly pid: number,
    private readonly spec: CommandSpec,
  ) {
    for (const signal of FORWARDED_SIGNALS) process.on(signal, this.forward);
    if (spec.timeoutMs !== null) this.timers.push(setTimeout(() => this.timeout(), spec.timeoutMs));
  }

  private timeout(): void {
    this.timedOutAt = this.stoppedAt = Date.now();
    this.spec.onTimeout?.();
    this.signal('SIGTERM');
    this.timers.push(setTimeout(() => this.signal('SIGKILL'), this.spec.graceMs));
  }

  private signal(signal: NodeJS.Signals): void {
    debug('sending %s to process group %d', signal, this.pid);
    signalGroup(this.pid, signal);
  }

  /**
   * The command's own process may end before the rest of its group has written its reports (a
   * runner's workers stop after it, a stopped group ends at its own pace): the reports are read
   * once every process that started has reported, or the group is gone, or the grace is over. After
   * a timeout the whole group gets the grace period, then SIGKILL; otherwise the processes are left
   * be.
   */
  async drain(): Promise<void> {
    if (this.timers[0] && this.timedOutAt === null) clearTimeout(this.timers[0]);
    const timedOut = this.timedOutAt !== null;
    const settled = timedOut ? async () => false : this.spec.reportsComplete;
    const from = this.stoppedAt ?? Date.now();
    const done = await waitForGroup(this.pid, from + this.spec.graceMs, settled);
    debug('process group %d %s', this.pid, done ? 'settled' : 'did not settle in time');
    if (timedOut && groupAlive(this.pid)) this.signal('SIGKILL');
  }

  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    for (const signal of FORWARDED_SIGNALS) process.off(signal, this.forward);
  }
}

function spawnError(error: unknown, command: string): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new CommandNotFoundError(command);
  if (code === 'EACCES' || code === 'ENOEXEC' || code === 'EISDIR') return new CommandNotExecutableError(command, code);
  return error as Error;
}
