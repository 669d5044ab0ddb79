// Project configuration: `lingering.config.json`, or the "lingering" key of package.json, in the
// working directory or the nearest directory above it that has one.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { displayPath } from './display-path.js';
import { ConfigError } from './errors.js';

/** An ignore rule in the config: a pattern, or a pattern with the reason it is there. */
export type ConfigIgnore = string | { pattern: string; reason?: string };

export interface Config {
  ignore?: ConfigIgnore[];
  /** The baseline file, relative to the config file. */
  baseline?: string;
  strict?: boolean;
  timeout?: number;
  reporter?: string | string[];
  json?: string;
  fail?: boolean;
  perTest?: boolean;
}

export interface LoadedConfig {
  /** Absolute path of the file the config came from. */
  file: string;
  /** How messages name it: relative to the working directory when inside it. */
  label: string;
  config: Config;
}

const CONFIG_FILE = 'lingering.config.json';
const PACKAGE_KEY = 'lingering';

type Check = (value: unknown) => boolean;
const isStringArray: Check = (v) => Array.isArray(v) && v.every((item) => typeof item === 'string');
const isRule: Check = (v) =>
  (typeof v === 'string' && v.trim() !== '') ||
  (isPlainObject(v) &&
    typeof v.pattern === 'string' &&
    v.pattern.trim() !== '' &&
    (v.reason === undefined || typeof v.reason === 'string') &&
    Object.keys(v).every((key) => key === 'pattern' || key === 'reason'));
const KEYS: Record<keyof Config, { check: Check; expected: string }> = {
  ignore: {
    check: (v) => Array.isArray(v) && v.every(isRule),
    expected: 'an array of patterns, each a string or { "pattern": "…", "reason": "…" }',
  },
  baseline: { check: (v) => typeof v === 'string' && v !== '', expected: 'a file path' },
  strict: { check: (v) => typeof v === 'boolean', expected: 'true or false' },
  timeout: {
    check: (v) => typeof v === 'number' && Number.isFinite(v) && v > 0,
    expected: 'a positive number of seconds',
  },
  reporter: {
    check: (v) => typeof v === 'string' || isStringArray(v),
    expected: 'a reporter name or an array of them',
  },
  json: { check: (v) => typeof v === 'string' && v !== '', expected: 'a file path' },
  fail: { check: (v) => typeof v === 'boolean', expected: 'true or false' },
  perTest: { check: (v) => typeof v === 'boolean', expected: 'true or false' },
};

export function loadConfig(cwd: string): LoadedConfig | null {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const found = readConfigFile(join(dir, CONFIG_FILE), cwd) ?? readPackageKey(join(dir, 'package.json'), cwd);
    if (found) return found;
    if (dirname(dir) === dir) return null;
  }
}

function readConfigFile(file: string, cwd: string): LoadedConfig | null {
  const value = readJson(file, cwd);
  if (value === undefined) return null;
  const label = displayPath(file, cwd);
  return { file, label, config: validate(value, label) };
}

function readPackageKey(file: string, cwd: string): LoadedConfig | null {
  const pkg = readJson(file, cwd);
  if (pkg === undefined || !isPlainObject(pkg) || !(PACKAGE_KEY in pkg)) return null;
  const label = `${displayPath(file, cwd)} ("${PACKAGE_KEY}" key)`;
  return { file, label, config: validate(pkg[PACKAGE_KEY], label) };
}

/** The parsed file, or undefined when there is no such file. */
function readJson(file: string, cwd: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw new ConfigError(displayPath(file, cwd), `cannot be read (${code ?? String(error)})`, 'check its permissions');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(displayPath(file, cwd), `invalid JSON: ${describeJsonError(error, text)}`);
  }
}

function validate(value: unknown, where: string): Config {
  if (!isPlainObject(value)) throw new ConfigError(where, 'expected an object of options');
  for (const [key, item] of Object.entries(value)) {
    if (key === '$schema') continue;
    const rule = KEYS[key as keyof Config] as (typeof KEYS)[keyof Config] | undefined;
    if (!rule) {
      throw new ConfigError(where, `unknown key "${key}"`, `use only ${Object.keys(KEYS).join(', ')}`);
    }
    if (!rule.check(item)) {
      throw new ConfigError(where, `"${key}" must be ${rule.expected}, got ${JSON.stringify(item)}`);
    }
  }
  return value as Config;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** V8's message, with the position turned into line:column (Node 20 only gives the offset). */
function describeJsonError(error: unknown, text: string): string {
  const raw = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(raw);
  if (!position) return raw;
  // Node 22+ adds its own "(line N column M)": one format on every version.
  const message = raw.replace(/ \(line \d+ column \d+\)$/, '');
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}
