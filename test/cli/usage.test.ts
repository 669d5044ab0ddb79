// argv handling of the built bin: help, version, usage errors (exit 2, one line), and what
// belongs to the command.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runBin } from './run-bin.js';

const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string };

describe('lingering argv', { timeout: 30_000 }, () => {
  it('prints help on stdout and exits 0', async () => {
    const result = await runBin(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: lingering [options] [--] <command> [args...]');
    expect(result.stdout).toContain('--timeout <seconds>');
    expect(result.stderr).toBe('');
  });

  it('--help also gives the exit codes, the config keys and the environment, in 80 columns', async () => {
    const { stdout } = await runBin(['--help'], { env: { COLUMNS: '200' } });
    const lines = stdout.split('\n');
    const section = (title: string): string[] => {
      const start = lines.findIndex((line) => line.startsWith(title));
      expect(start, title).toBeGreaterThan(0);
      const end = lines.findIndex((line, i) => i > start && line === '');
      return lines.slice(start, end);
    };
    expect(section('Exit codes:').join('\n')).toMatch(/ 0 .*\n.* 1 .*\n.* 2 .*usage or config error/);
    expect(section('Exit codes:').join('\n')).toContain('127');
    const config = section('Configuration:').join('\n');
    for (const key of ['ignore', 'baseline', 'strict', 'timeout', 'reporter', 'json', 'fail', 'perTest']) {
      expect(config).toMatch(new RegExp(`\\b${key}\\b`));
    }
    const env = section('Environment:').join('\n');
    for (const name of [
      'NO_COLOR',
      'GITHUB_ACTIONS',
      'NODE_DEBUG=lingering',
      'LINGERING_PROMISES',
      'LINGERING_IGNORE',
    ]) {
      expect(env).toContain(name);
    }
    expect(section('Ignore patterns').join('\n')).toContain('// lingering-ignore: <reason>');
    expect(lines.filter((line) => Array.from(line).length > 80)).toEqual([]);
  });

  it.each([
    [
      ['--json', '--', 'node', 'print-args.js'],
      '--json needs a file path, got "--"; for example --json lingering-report.json',
    ],
    [
      ['--json', '', 'node', 'print-args.js'],
      '--json needs a file path, got ""; for example --json lingering-report.json',
    ],
    [['--json', '--strict', 'node', 'print-args.js'], '--json needs a file path, got "--strict"; '],
    [['--timeout', '--', 'node', 'print-args.js'], '--timeout needs a number of seconds, got "--"; '],
    [['--ignore', '--', 'node', 'print-args.js'], '--ignore needs a pattern, got "--"; for example --ignore Timer'],
    [['--baseline', '--', 'node', 'print-args.js'], '--baseline needs a file path, got "--"; '],
    [['--reporter=--', 'node', 'print-args.js'], '--reporter needs a reporter name, got "--"; '],
    [['--json'], "option '--json <path>' argument missing; run lingering --help for usage"],
  ])(
    '%j: a value option given "--", nothing or another option is a usage error, no file written',
    async (args, message) => {
      const cwd = mkdtempSync(join(tmpdir(), 'lingering-usage-'));
      try {
        const result = await runBin(args, { cwd });
        expect(result.code).toBe(2);
        expect(result.stderrLines).toHaveLength(1);
        expect(result.stderrLines[0]!.startsWith(`lingering: ${message}`), result.stderrLines[0]).toBe(true);
        expect(result.stdout).toBe('');
        expect(readdirSync(cwd)).toEqual([]);
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    },
  );

  it('prints the package version', async () => {
    const result = await runBin(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${pkg.version}\n`);
    expect(result.stderr).toBe('');
  });

  it.each([
    [
      ['--jsn', 'r.json', 'node', 'print-args.js'],
      /^lingering: unknown option '--jsn' \(Did you mean --json\?\); run lingering --help for usage$/,
    ],
    [[], /^lingering: missing the command to run; usage: lingering \[options\] \[--\] <command> \[args\.\.\.\]$/],
    [['--strict', '--'], /^lingering: missing the command to run; /],
    [
      ['--timeout', 'soon', 'node', 'print-args.js'],
      /^lingering: --timeout must be a positive number of seconds, got "soon"; for example --timeout 30$/,
    ],
    [
      ['--timeout', '0', 'node', 'print-args.js'],
      /^lingering: --timeout must be a positive number of seconds, got "0"; /,
    ],
    [
      ['--timeout', '-3', 'node', 'print-args.js'],
      /^lingering: --timeout must be a positive number of seconds, got "-3"; /,
    ],
    [['--timeout'], /^lingering: option '--timeout <seconds>' argument missing; run lingering --help for usage$/],
    [
      ['--reporter', 'tap', 'node', 'print-args.js'],
      /^lingering: unknown reporter "tap"; use one of text, json, github, junit$/,
    ],
  ])('%j is a usage error: exit 2, one line on stderr, nothing run', async (args, message) => {
    const result = await runBin(args);
    expect(result.code).toBe(2);
    expect(result.stderrLines).toHaveLength(1);
    expect(result.stderrLines[0]).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('passes everything after the command to it, with or without --', async () => {
    const withoutDashes = await runBin(['node', 'print-args.js', '--strict', '--timeout', 'x', '--', '--help']);
    expect(withoutDashes.code).toBe(0);
    expect(withoutDashes.stdout).toBe('["--strict","--timeout","x","--","--help"]\n');

    const withDashes = await runBin(['--no-fail', '--', 'node', 'print-args.js', '--json', 'a b']);
    expect(withDashes.code).toBe(0);
    expect(withDashes.stdout).toBe('["--json","a b"]\n');
  });

  it('gives node its own options after the command', async () => {
    const result = await runBin(['node', '--title=from-user', '-e', 'console.log(process.title)']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('from-user\n');
  });
});
