// Runs the built bin/lingering.js as a user would and keeps stdout, stderr and the exit apart.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from '../../src/report/types.js';
import { NODE, ROOT, testEnv } from '../helpers/env.js';
import { spawnProcess } from '../helpers/spawn.js';

export { ROOT };
export const BIN = fileURLToPath(new URL('../../bin/lingering.js', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../../fixtures/cli/', import.meta.url));

export interface BinResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time of the whole run. */
  ms: number;
  /** stderr split into lines, without the trailing empty one. */
  stderrLines: string[];
}

export interface BinOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  bin?: string;
  /** Called once the wrapper's pid is known, e.g. to send it a signal. */
  onSpawn?: (pid: number, stdout: () => string) => void;
  killAfterMs?: number;
}

export async function runBin(args: string[], options: BinOptions = {}): Promise<BinResult> {
  const bin = options.bin ?? BIN;
  if (!existsSync(new URL('../../dist/cli.js', import.meta.url)) && bin === BIN) {
    throw new Error('dist/cli.js is missing: run `npm run build` before these tests');
  }
  const out: Buffer[] = [];
  const result = await spawnProcess(NODE, [bin, ...args], {
    cwd: options.cwd ?? FIXTURES,
    env: testEnv(options.env),
    killAfterMs: options.killAfterMs ?? 60_000,
    onSpawn: (child) => {
      if (!options.onSpawn) return;
      // The caller polls stdout while the run goes on.
      child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
      options.onSpawn(child.pid as number, () => Buffer.concat(out).toString('utf8'));
    },
  });
  if (result.timedOut) throw new Error(`lingering ${args.join(' ')} did not exit in time (killed)\n${result.stderr}`);
  const stderrLines = result.stderr.split('\n');
  if (stderrLines.at(-1) === '') stderrLines.pop();
  const { code, signal, stderr, ms } = result;
  return { code, signal, stdout: result.stdout.toString('utf8'), stderr, ms, stderrLines };
}

/** Runs the bin with --json into a fresh file and returns the parsed report too. */
export async function runWithJson(
  args: string[],
  cwd = FIXTURES,
  env: Record<string, string | undefined> = {},
): Promise<BinResult & { report: Report }> {
  const dir = mkdtempSync(join(tmpdir(), 'lingering-e2e-'));
  try {
    const json = join(dir, 'report.json');
    const result = await runBin(['--json', json, ...args], { cwd, env });
    return { ...result, report: JSON.parse(readFileSync(json, 'utf8')) as Report };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Resolves once `read()` contains `text`, polling. */
export async function waitForText(read: () => string, text: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!read().includes(text)) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${JSON.stringify(text)} in ${JSON.stringify(read())}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
