// argv -> flags, with commander. Everything from the command on belongs to the command, with or
// without `--` (passThroughOptions), so `lingering node --inspect app.js` passes --inspect to node.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { UsageError } from './errors.js';

/** What the user typed, before config and defaults. Unset flags are undefined. */
export interface Flags {
  command: string[];
  json?: string;
  timeout?: string;
  strict?: boolean;
  ignore: string[];
  fail?: boolean;
  reporter?: string[];
  perTest?: boolean;
  html?: string;
}

/** The result of parsing: flags to run with, or a finished --help / --version. */
export type Parsed = { kind: 'run'; flags: Flags } | { kind: 'done' };

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function parseArgv(argv: string[], write: (text: string) => void): Parsed {
  const program = new Command('lingering')
    .usage('[options] [--] <command> [args...]')
    .description('Runs a command and reports the async work its Node.js processes left pending.')
    .argument('[command...]', 'the command to run, with its arguments')
    .option('--json <path>', 'write the merged JSON report to <path>')
    .option('--html <path>', 'write the merged report as one self-contained HTML page to <path>')
    .option('--timeout <seconds>', 'stop the command after <seconds> and report what kept it running')
    .option('--strict', "unref'd handles fail the run too")
    .option('--ignore <pattern>', 'ignore tasks by type, file glob or function (repeatable)', collect)
    .option('--no-fail', 'report only: lingering tasks do not change the exit code')
    .option('--per-test', 'also check each test at its end (vitest, jest, node:test, mocha): what it left pending')
    .option(
      '--reporter <name>',
      'also print the report as json, github or junit on stdout after the command (repeatable; the text report always goes to stderr)',
      collect,
    )
    .version(readVersion(), '-v, --version')
    .helpOption('-h, --help')
    .passThroughOptions()
    .exitOverride()
    .configureOutput({ writeOut: write, writeErr: write, outputError: () => {} });

  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) return { kind: 'done' };
    throw toUsageError(error);
  }

  if (program.args.length === 0 || program.args[0] === '') {
    throw new UsageError('missing the command to run', 'usage: lingering [options] [--] <command> [args...]');
  }
  const opts = program.opts<Omit<Flags, 'command' | 'ignore'> & { ignore?: string[] }>();
  const flags: Flags = { command: program.args, ignore: opts.ignore ?? [] };
  if (opts.json !== undefined) flags.json = opts.json;
  if (opts.timeout !== undefined) flags.timeout = opts.timeout;
  if (opts.strict !== undefined) flags.strict = opts.strict;
  if (opts.reporter !== undefined) flags.reporter = opts.reporter;
  if (opts.perTest !== undefined) flags.perTest = opts.perTest;
  if (opts.html !== undefined) flags.html = opts.html;
  // --no-fail defaults fail to true; only an explicit flag may beat the config.
  if (program.getOptionValueSource('fail') === 'cli') flags.fail = false;
  return { kind: 'run', flags };
}

function toUsageError(error: CommanderError): UsageError {
  // "error: unknown option '--jsn'\n(Did you mean --json?)" -> one line.
  const text = error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
  return new UsageError(text);
}

function readVersion(): string {
  // Built: dist/cli.js -> ../package.json. From source (tests): src/cli/program.ts -> ../../.
  // The bundle cannot import package.json itself: it is outside rootDir.
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'lingering' && pkg.version) return pkg.version;
    } catch {
      // Try the next candidate.
    }
  }
  return 'unknown';
}
