// Expected failures. Each one is shown as a single line `lingering: <message>` and carries the
// exit code it stands for; anything else that reaches main() is a crash and keeps its stack.

export abstract class ExpectedError extends Error {
  abstract readonly exitCode: number;
}

/** Bad argv: unknown option, bad value, no command. Exit 2. */
export class UsageError extends ExpectedError {
  override readonly name = 'UsageError';
  readonly exitCode = 2;

  constructor(
    readonly problem: string,
    readonly fix = 'run lingering --help for usage',
  ) {
    super(`${problem}; ${fix}`);
  }
}

/** A config file that cannot be used. Exit 2, naming the file. */
export class ConfigError extends ExpectedError {
  override readonly name = 'ConfigError';
  readonly exitCode = 2;

  constructor(
    readonly file: string,
    readonly problem: string,
    readonly fix = 'fix the file or remove it',
  ) {
    super(`${file}: ${problem}; ${fix}`);
  }
}

/** Nothing to run under that name on PATH. Exit 127, like a shell. */
export class CommandNotFoundError extends ExpectedError {
  override readonly name = 'CommandNotFoundError';
  readonly exitCode = 127;

  constructor(readonly command: string) {
    super(`command not found: ${command}`);
  }
}

/** The file exists but cannot be executed. Exit 126, like a shell. */
export class CommandNotExecutableError extends ExpectedError {
  override readonly name = 'CommandNotExecutableError';
  readonly exitCode = 126;

  constructor(
    readonly command: string,
    readonly code: string,
  ) {
    super(`cannot execute ${command} (${code}); check that it is a program and has the executable bit (chmod +x)`);
  }
}

/** The preload file next to the built CLI is missing (a broken install or an unbuilt checkout). */
export class PreloadMissingError extends ExpectedError {
  override readonly name = 'PreloadMissingError';
  readonly exitCode = 2;

  constructor(readonly path: string) {
    super(`preload not found at ${path}; reinstall lingering (or run npm run build in a checkout)`);
  }
}

/** The --json report could not be written. */
export class ReportWriteError extends ExpectedError {
  override readonly name = 'ReportWriteError';
  readonly exitCode = 2;

  constructor(
    readonly path: string,
    readonly code: string,
    readonly flag: '--json' | '--html' = '--json',
  ) {
    super(
      `cannot write the ${flag === '--json' ? 'JSON' : 'HTML'} report to ${path} (${code}); choose a writable ${flag} path`,
    );
  }
}

/** A baseline file that cannot be read or used. Exit 2, naming the file. */
export class BaselineError extends ExpectedError {
  override readonly name = 'BaselineError';
  readonly exitCode = 2;

  constructor(
    readonly file: string,
    readonly problem: string,
    readonly fix = 'fix it, or write it again with --update-baseline',
  ) {
    super(`baseline ${file}: ${problem}; ${fix}`);
  }
}

/** A report given to `lingering merge` that cannot be used. Exit 2, naming the file. */
export class ReportReadError extends ExpectedError {
  override readonly name = 'ReportReadError';
  readonly exitCode = 2;

  constructor(
    readonly file: string,
    readonly problem: string,
    readonly fix = 'give the files lingering --json wrote',
  ) {
    super(`cannot merge ${file}: ${problem}; ${fix}`);
  }
}
