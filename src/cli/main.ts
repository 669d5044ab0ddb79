// Entry of dist/cli.js: argv -> options -> run() (or mergeReports()) -> process.exitCode.
import { loadConfig } from './config.js';
import { ExpectedError } from './errors.js';
import { mergeReports } from './merge-command.js';
import { resolveOptions } from './options.js';
import { parseArgv } from './program.js';
import { run } from './run.js';
import { say } from './say.js';

async function main(argv: string[]): Promise<number> {
  // `lingering ps [pid]`; a command named ps runs as `lingering -- ps`.
  if (argv[0] === 'ps') return (await import('./ps.js')).ps(argv.slice(1));
  const parsed = parseArgv(argv, (text) => process.stdout.write(text));
  if (parsed.kind === 'done') return 0;
  const cwd = process.cwd();
  const options = resolveOptions(parsed.flags, loadConfig(cwd), process.env, cwd);
  return parsed.kind === 'merge' ? mergeReports(parsed.files, options) : run(options);
}

// `lingering … | head` closes stdout early; the reporters written after the command must not crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ExpectedError) {
      say(error.message);
      process.exitCode = error.exitCode;
      return;
    }
    // A crash of lingering itself: keep the stack, it is what a bug report needs.
    process.stderr.write(`lingering: internal error, please report it\n${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
