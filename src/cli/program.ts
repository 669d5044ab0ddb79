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
  baseline?: string;
  updateBaseline?: boolean;
  html?: string;
}

/** The result of parsing: a command to run, reports to merge, or a finished --help / --version. */
export type Parsed =
  { kind: 'run'; flags: Flags } | { kind: 'merge'; flags: Flags; files: string[] } | { kind: 'done' };

type Opts = Omit<Flags, 'command' | 'ignore'> & { ignore?: string[] };

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const HELP_AFTER = `
Merging the reports of shards or CI jobs into one report and one exit code:
  lingering merge <report.json>... [options]    (lingering merge --help)
  ("merge" as the first argument; lingering -- merge ... runs a program
  named merge)

Exit codes:
  0    nothing fails the run (or --no-fail)
  1    a lingering task fails the run, or --timeout stopped the command
  2    a usage or config error, a bad baseline or report (one line)
  n    the command's own exit code when it failed (128+n for a signal)
  126  the command cannot be executed; 127: the command is not found

Ignore patterns (--ignore, config "ignore"):
  Timer, Interval, Server, Socket, ChildProcess, Worker, FileHandle, Task, …
               the words of the report, or Node's types (TCPSERVERWRAP);
               any case
  src/legacy/**, *.test.ts
               a file glob: the file that created the task
  frame:<glob> any frame of its stack (file glob or function name)
  test:<glob>  the name of the test that made it ("queue > *")
  startHeartbeat
               a function in its stack
  In the source, on the line that creates it or alone on the line above:
  // lingering-ignore: <reason>

Configuration: lingering.config.json, or a "lingering" key in package.json,
found from the working directory upwards; flags beat it. Keys:
  ignore     patterns, each "<pattern>" or { "pattern": "…", "reason": "…" }
  baseline   the baseline file (as --baseline)
  strict, timeout, reporter, json, fail, perTest   as the flags

Environment:
  NO_COLOR, FORCE_COLOR     colours of the text report
  GITHUB_ACTIONS=true       adds --reporter github
  NODE_DEBUG=lingering      what the wrapper runs and reads, and each report's
                            cost
  LINGERING_PROMISES=all    record every await (exact, slower on promise-heavy
                            code); =off: handles only
  LINGERING_TERMINATE_WAIT_MS
                            how long a worker being stopped has to report
                            (default 200)
  The preload alone (node --import lingering/register app.js) reads
  LINGERING_FAIL=1 (failing exit code), LINGERING_STRICT=1 and
  LINGERING_IGNORE=<pattern>,<pattern>.
`;

const MERGE_HELP_AFTER = `
Printed and gated as one run of the whole would be: the same text, --reporter
output, baseline and config. Exit codes: 0, 1 when a lingering task fails the
run (or a shard was stopped by --timeout), 2 when a report or the baseline
cannot be read or a usage error (one line).
`;

/** The options of a run; `lingering merge` has those that do not run anything. */
function addOptions(command: Command, run: boolean): Command {
  command
    .option('--json <path>', 'write the merged JSON report to <path>')
    .option('--html <path>', 'write the merged report as one self-contained HTML page to <path>');
  if (run) command.option('--timeout <seconds>', 'stop the command after <seconds> and report what kept it running');
  command
    .option('--strict', "unref'd handles fail the run too")
    .option(
      '--ignore <pattern>',
      'ignore tasks: Timer, Server, Task, …, a file glob (where it was created), frame:<glob>, test:<glob> or a function (repeatable)',
      collect,
    )
    .option('--baseline <file>', 'fail only on tasks that are not in this baseline of known leaks')
    .option('--update-baseline', 'write what this run found into the --baseline file')
    .option('--no-fail', 'report only: lingering tasks do not change the exit code');
  if (run) {
    command.option(
      '--per-test',
      'also check each test at its end (vitest, jest, node:test, mocha): what it left pending',
    );
  }
  return command.option(
    '--reporter <name>',
    `also print the report as json, github or junit on stdout${run ? ' after the command' : ''} (repeatable; the text report always goes to stderr)`,
    collect,
  );
}

function configure(command: Command, write: (text: string) => void): Command {
  return command
    .helpOption('-h, --help')
    .exitOverride()
    .configureOutput({ writeOut: write, writeErr: write, outputError: () => {} });
}

export function parseArgv(argv: string[], write: (text: string) => void): Parsed {
  const program = configure(
    addOptions(
      new Command('lingering')
        .usage('[options] [--] <command> [args...]')
        .description('Runs a command and reports the async work its Node.js processes left pending.')
        .argument('[command...]', 'the command to run, with its arguments'),
      true,
    )
      .version(readVersion(), '-v, --version')
      .passThroughOptions()
      .addHelpText('after', HELP_AFTER),
    write,
  );
  if (!parse(program, argv)) return { kind: 'done' };

  const opts = program.opts<Opts>();
  checkValues(program, opts);
  // `merge` is the subcommand only as the first argument that is not an option of ours, and
  // not after `--`: `lingering -- merge` runs a program named merge.
  const first = argv.length - program.args.length;
  if (program.args[0] === 'merge' && argv[first - 1] !== '--') {
    return parseMerge(program.args.slice(1), opts, write);
  }
  if (program.args.length === 0 || program.args[0] === '') {
    throw new UsageError('missing the command to run', 'usage: lingering [options] [--] <command> [args...]');
  }
  return { kind: 'run', flags: toFlags(program, opts, program.args) };
}

function parseMerge(argv: string[], before: Opts, write: (text: string) => void): Parsed {
  for (const [key, flag] of [
    ['timeout', '--timeout'],
    ['perTest', '--per-test'],
  ] as const) {
    if (before[key] !== undefined) throw new UsageError(`${flag} has no effect on lingering merge`, 'leave it out');
  }
  const merge = configure(
    addOptions(
      new Command('lingering merge')
        .usage('<report.json>... [options]')
        .description(
          'Merges the JSON reports (--json) of shards, matrix jobs or machines into one report and one exit code.',
        )
        .argument('<report.json...>', 'the reports written by lingering --json'),
      false,
    ).addHelpText('after', MERGE_HELP_AFTER),
    write,
  );
  if (!parse(merge, argv)) return { kind: 'done' };
  const opts = merge.opts<Opts>();
  checkValues(merge, opts);
  const mergedOpts: Opts = { ...before, ...opts, ignore: [...(before.ignore ?? []), ...(opts.ignore ?? [])] };
  const flags = toFlags(merge, mergedOpts, []);
  // --no-fail before `merge` counts too.
  if (flags.fail === undefined && before.fail === false) flags.fail = false;
  return { kind: 'merge', flags, files: merge.args };
}

/** false: --help or --version was printed. Throws a UsageError for bad argv. */
function parse(command: Command, argv: string[]): boolean {
  try {
    command.parse(argv, { from: 'user' });
    return true;
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.exitCode === 0) return false;
    throw toUsageError(error);
  }
}

function toFlags(command: Command, opts: Opts, commandLine: string[]): Flags {
  const flags: Flags = { command: commandLine, ignore: opts.ignore ?? [] };
  if (opts.json !== undefined) flags.json = opts.json;
  if (opts.html !== undefined) flags.html = opts.html;
  if (opts.timeout !== undefined) flags.timeout = opts.timeout;
  if (opts.strict !== undefined) flags.strict = opts.strict;
  if (opts.reporter !== undefined) flags.reporter = opts.reporter;
  if (opts.perTest !== undefined) flags.perTest = opts.perTest;
  if (opts.baseline !== undefined) flags.baseline = opts.baseline;
  if (opts.updateBaseline !== undefined) flags.updateBaseline = opts.updateBaseline;
  // --no-fail defaults fail to true; only an explicit flag may beat the config.
  if (command.getOptionValueSource('fail') === 'cli') flags.fail = false;
  return flags;
}

/** What each value option expects, for the message when it got none. */
const VALUE_EXAMPLES: Record<string, string> = {
  json: 'a file path, for example --json lingering-report.json',
  html: 'a file path, for example --html lingering-report.html',
  timeout: 'a number of seconds, for example --timeout 30',
  ignore: 'a pattern, for example --ignore Timer',
  reporter: 'a reporter name, for example --reporter junit',
  baseline: 'a file path, for example --baseline lingering-baseline.json',
};

/**
 * Commander gives a value option whatever follows it, so `--json -- node app.mjs` (the path
 * forgotten) would write a report named `--`, and `--json --strict` one named `--strict`. A value
 * that is `--`, empty, or one of our own options is a forgotten value.
 */
function checkValues(program: Command, opts: Record<string, unknown>): void {
  const ours = new Set(program.options.flatMap((option) => [option.long, option.short]).filter(Boolean));
  for (const [key, expected] of Object.entries(VALUE_EXAMPLES)) {
    const raw = opts[key];
    for (const value of Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]) {
      if (typeof value !== 'string') continue;
      if (value.trim() === '' || value === '--' || ours.has(value.split('=')[0])) {
        const flag = `--${key}`;
        throw new UsageError(
          `${flag} needs ${expected.split(',')[0]}, got "${value}"`,
          expected.replace(/^[^,]*, /, ''),
        );
      }
    }
  }
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
