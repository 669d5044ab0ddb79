// Spawns a real process and keeps what an observer sees apart: stdout (bytes), stderr, the exit.
import { spawn, type ChildProcess } from 'node:child_process';

export interface SpawnOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed. Without it stdin is closed at once. */
  input?: string;
  /** Called for every complete stdout line while the process runs (to send signals, close pipes). */
  onLine?: (line: string, child: ChildProcess) => void;
  /** Called once the process is started. */
  onSpawn?: (child: ChildProcess) => void;
  /** The process is killed with SIGKILL after this long; the result says so. */
  killAfterMs?: number;
}

export interface SpawnResult {
  stdout: Buffer;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  pid: number | undefined;
  ms: number;
  timedOut: boolean;
}

export function spawnProcess(file: string, argv: string[], options: SpawnOptions): Promise<SpawnResult> {
  const started = performance.now();
  const child = spawn(file, argv, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let pendingLine = '';
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.killAfterMs ?? 15_000);

  child.stdout.on('data', (chunk: Buffer) => {
    out.push(chunk);
    if (!options.onLine) return;
    pendingLine += chunk.toString('utf8');
    let nl: number;
    while ((nl = pendingLine.indexOf('\n')) !== -1) {
      const line = pendingLine.slice(0, nl);
      pendingLine = pendingLine.slice(nl + 1);
      options.onLine(line, child);
    }
  });
  // A fixture that closes its stdout early (EPIPE tests) must not fail the test process.
  child.stdout.on('error', () => {});
  child.stdin.on('error', () => {});
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  child.stdin.end(options.input ?? '');
  options.onSpawn?.(child);

  return new Promise((resolve, reject) => {
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString('utf8'),
        code,
        signal,
        pid: child.pid,
        ms: performance.now() - started,
        timedOut,
      });
    });
  });
}
