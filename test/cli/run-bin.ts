// Runs the built bin/lingering.js as a user would and keeps stdout, stderr and the exit apart.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
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
  env?: NodeJS.ProcessEnv;
  bin?: string;
  /** Called once the wrapper's pid is known, e.g. to send it a signal. */
  onSpawn?: (pid: number, stdout: () => string) => void;
}

/**
 * Variables that would leak the outer run into these tests: an outer lingering (the project's
 * own `npm test` runs under it), GitHub Actions (adds annotations to stdout), colour settings.
 */
const SCRUBBED = ['NODE_OPTIONS', 'GITHUB_ACTIONS', 'FORCE_COLOR', 'NO_COLOR', 'NODE_DEBUG'];

export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!SCRUBBED.includes(key) && !key.startsWith('LINGERING_') && !key.startsWith('VITEST')) env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

export function runBin(args: string[], options: BinOptions = {}): Promise<BinResult> {
  const bin = options.bin ?? BIN;
  if (!existsSync(new URL('../../dist/cli.js', import.meta.url)) && bin === BIN) {
    throw new Error('dist/cli.js is missing: run `npm run build` before these tests');
  }
  const started = Date.now();
  // CI runs the suite once per Node major and says which node through LINGERING_TEST_NODE.
  const node = process.env.LINGERING_TEST_NODE ?? process.execPath;
  const child = spawn(node, [bin, ...args], {
    cwd: options.cwd ?? FIXTURES,
    env: cleanEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  options.onSpawn?.(child.pid as number, () => stdout);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const stderrLines = stderr.split('\n');
      if (stderrLines.at(-1) === '') stderrLines.pop();
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started, stderrLines });
    });
  });
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
