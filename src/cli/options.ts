// Flags, config and environment -> what run() needs. Flags beat config; ignore patterns add up.
import { dirname, resolve } from 'node:path';
import type { IgnoreRule } from '../report/index.js';
import type { LoadedConfig } from './config.js';
import { ConfigError, UsageError } from './errors.js';
import type { Flags } from './program.js';

export const REPORTERS = ['text', 'json', 'github', 'junit'] as const;
export type ReporterName = (typeof REPORTERS)[number];

/** setTimeout turns anything above 2^31-1 ms into 1 ms. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export interface RunOptions {
  command: string;
  args: string[];
  /** Absolute path for the merged JSON report, or null. */
  jsonPath: string | null;
  /** Seconds, or null for no limit. */
  timeout: number | null;
  strict: boolean;
  /** Config rules first, then --ignore. */
  ignore: IgnoreRule[];
  /** Absolute path of the baseline file (--baseline, config `baseline`), or null. */
  baselinePath: string | null;
  /** --update-baseline: write what this run found into baselinePath. */
  updateBaseline: boolean;
  fail: boolean;
  /** Reporters besides the text report on stderr, which is always printed. */
  reporters: ReporterName[];
  /** Check each test at its end (LINGERING_PER_TEST for the preload). */
  perTest: boolean;
  /** Absolute path for the HTML report (--html), or null. */
  htmlPath: string | null;
}

export function resolveOptions(
  flags: Flags,
  loaded: LoadedConfig | null,
  env: NodeJS.ProcessEnv,
  cwd: string,
): RunOptions {
  // parseArgv guarantees a command.
  const [command = '', ...args] = flags.command;
  const config = loaded?.config ?? {};
  const configDir = loaded ? dirname(loaded.file) : cwd;

  let jsonPath: string | null = null;
  if (flags.json !== undefined) jsonPath = resolve(cwd, flags.json);
  else if (config.json !== undefined) jsonPath = resolve(configDir, config.json);

  let baselinePath: string | null = null;
  if (flags.baseline !== undefined) baselinePath = resolve(cwd, flags.baseline);
  else if (config.baseline !== undefined) baselinePath = resolve(configDir, config.baseline);
  const updateBaseline = flags.updateBaseline === true;
  if (updateBaseline && baselinePath === null) {
    throw new UsageError(
      '--update-baseline needs a file to write',
      'give --baseline <file> (for example --baseline lingering-baseline.json) or the config key "baseline"',
    );
  }

  return {
    command,
    args,
    jsonPath,
    timeout: flags.timeout !== undefined ? parseTimeout(flags.timeout) : (config.timeout ?? null),
    strict: flags.strict ?? config.strict ?? false,
    ignore: [...(config.ignore ?? []), ...flags.ignore].map((rule) =>
      typeof rule === 'string' ? { pattern: rule } : rule,
    ),
    baselinePath,
    updateBaseline,
    fail: flags.fail ?? config.fail ?? true,
    reporters: resolveReporters(flags, loaded, env),
    perTest: flags.perTest ?? config.perTest ?? false,
    htmlPath: flags.html === undefined ? null : resolve(cwd, flags.html),
  };
}

export function parseTimeout(text: string): number {
  const seconds = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new UsageError(`--timeout must be a positive number of seconds, got "${text}"`, 'for example --timeout 30');
  }
  if (seconds * 1000 > MAX_TIMEOUT_MS) {
    throw new UsageError(`--timeout ${text} is too large`, `use at most ${Math.floor(MAX_TIMEOUT_MS / 1000)} seconds`);
  }
  return seconds;
}

function resolveReporters(flags: Flags, loaded: LoadedConfig | null, env: NodeJS.ProcessEnv): ReporterName[] {
  let names: string[];
  if (flags.reporter !== undefined) {
    names = flags.reporter.flatMap(splitList);
    const unknown = names.find((name) => !isReporter(name));
    if (unknown !== undefined) {
      throw new UsageError(`unknown reporter "${unknown}"`, `use one of ${REPORTERS.join(', ')}`);
    }
  } else if (loaded?.config.reporter !== undefined) {
    const value = loaded.config.reporter;
    names = (Array.isArray(value) ? value : [value]).flatMap(splitList);
    const unknown = names.find((name) => !isReporter(name));
    if (unknown !== undefined) {
      throw new ConfigError(loaded.label, `unknown reporter "${unknown}"`, `use one of ${REPORTERS.join(', ')}`);
    }
  } else {
    // Annotations are what a GitHub Actions user expects to see on the pull request.
    names = env.GITHUB_ACTIONS === 'true' ? ['github'] : [];
  }
  return [...new Set(names.filter(isReporter).filter((name) => name !== 'text'))];
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function isReporter(name: string): name is ReporterName {
  return (REPORTERS as readonly string[]).includes(name);
}
