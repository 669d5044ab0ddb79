// Signals: a default action must still kill the process by that signal (so the parent sees the same
// signal, not an exit code), and the program's own listeners must keep control.
import { defineCases, killOn } from './helpers.js';

defineCases('equivalence: signals', [
  {
    fixture: 'sigterm-self-default.mjs',
    what: 'sends itself SIGTERM, no listener',
    report: 'report',
    exit: { code: null, signal: 'SIGTERM' },
    stdoutHas: ['about to die'],
  },
  {
    fixture: 'sigint-self-nothing-pending.cjs',
    what: 'sends itself SIGINT with nothing else pending (the loop would drain first)',
    report: 'any',
    exit: { code: null, signal: 'SIGINT' },
    stdoutHas: ['about to die'],
  },
  {
    fixture: 'sigterm-self-numeric.mjs',
    what: 'process.kill(pid): SIGTERM by default, dies inside kill()',
    report: 'report',
    exit: { code: null, signal: 'SIGTERM' },
    stdoutHas: ['about to die'],
  },
  {
    fixture: 'signal-exit-cleanup.cjs',
    what: "signal-exit's re-raise after its callback cleared the last handle",
    report: 'any',
    exit: { code: null, signal: 'SIGINT' },
    run: { onLine: killOn('ready', 'SIGINT') },
  },
  {
    fixture: 'sighup-from-parent.cjs',
    what: 'SIGHUP from the parent, no listener',
    report: 'report',
    exit: { code: null, signal: 'SIGHUP' },
    run: { onLine: killOn('ready', 'SIGHUP') },
  },
  {
    fixture: 'sigint-from-parent.mjs',
    what: 'SIGINT from the parent, no listener',
    report: 'report',
    exit: { code: null, signal: 'SIGINT' },
    run: { onLine: killOn('ready', 'SIGINT') },
  },
  // A signal listener leaves an unref'd signal handle behind, which may be reported as a warning.
  {
    fixture: 'sigint-own-handler.mjs',
    what: "the program's own SIGINT listener sets the exit code",
    report: 'any',
    exit: { code: 42 },
    stdoutHas: ['got SIGINT'],
  },
  {
    fixture: 'sigterm-own-handler-from-parent.cjs',
    what: 'graceful shutdown on SIGTERM from the parent',
    report: 'any',
    exit: { code: 0 },
    stdoutHas: ['closing', 'closed'],
    run: { onLine: killOn('ready', 'SIGTERM') },
  },
  {
    fixture: 'sigterm-once-then-default.mjs',
    what: 'a once-listener re-sends SIGTERM, which then kills',
    report: 'report',
    exit: { code: null, signal: 'SIGTERM' },
  },
  {
    fixture: 'sigkill-self.cjs',
    what: 'SIGKILL (nothing can report)',
    report: 'any',
    exit: { code: null, signal: 'SIGKILL' },
  },
  {
    fixture: 'remove-all-listeners.cjs',
    what: 'removes all process listeners, then SIGTERM',
    report: 'any',
    exit: { code: null, signal: 'SIGTERM' },
  },
  {
    fixture: 'signal-exit-style.cjs',
    what: 'a signal-exit style listener re-raises SIGINT when it is the only one',
    report: 'report',
    exit: { code: null, signal: 'SIGINT' },
    stdoutHas: ['cleanup ran, re-raising'],
    run: { onLine: killOn('ready', 'SIGINT') },
  },
  {
    fixture: 'listener-counts.cjs',
    what: 'process listener counts the program can see',
    report: 'clean',
    exit: { code: 0 },
    stdoutHas: ['SIGINT 0 0 0', 'own SIGINT 1 1 true', 'removed SIGINT 0'],
  },
]);
