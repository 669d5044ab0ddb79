// stdout is the program's output: every byte, also when the process exits right after writing, and
// the same reaction when the reader goes away (EPIPE).
import type { ChildProcess } from 'node:child_process';
import { defineCases } from './helpers.js';

/** Reads the first line, then closes the read end of the pipe: the program's next writes fail with EPIPE. */
function closeAfterFirstLine(_line: string, child: ChildProcess): void {
  child.stdout?.destroy();
}

defineCases('equivalence: stdio', [
  { fixture: 'big-stdout.mjs', what: '8 MiB to a pipe, natural exit', report: 'clean', exit: { code: 0 } },
  { fixture: 'big-stdout-exit.cjs', what: '4 MiB to a pipe, then process.exit()', report: 'report', exit: { code: 0 } },
  {
    fixture: 'epipe-crash.mjs',
    what: 'stdout closed by the reader, EPIPE not handled',
    report: 'any',
    exit: { code: 1 },
    stdout: 'first-line',
    stderr: 'loose',
    stderrHas: ['Error: write EPIPE'],
    run: { onLine: closeAfterFirstLine },
  },
  {
    fixture: 'epipe-handled.cjs',
    what: 'stdout closed by the reader, EPIPE handled',
    report: 'any',
    exit: { code: 3 },
    stdout: 'first-line',
    stderrHas: ['stdout failed: EPIPE'],
    run: { onLine: closeAfterFirstLine },
  },
  {
    fixture: 'stdin-readline.cjs',
    what: 'reads stdin line by line to its end',
    report: 'clean',
    exit: { code: 0 },
    stdoutHas: ['2: BETA', 'lines: 3'],
    run: { input: 'alpha\nbeta\ngamma\n' },
  },
  {
    fixture: 'stdout-stderr-interleaved.mjs',
    what: 'stdout and stderr lines, also at exit',
    report: 'clean',
    exit: { code: 0 },
  },
]);
