// The variants: plain node, lingering (defaults and LINGERING_PROMISES=off), the bare async_hooks
// floor, and the peers; on the test suite also lingering --per-test and vitest --detectAsyncLeaks. Each is a list of node flags plus environment; lingering's report goes to a
// fresh directory per run so that nothing is printed and the bench can read what it found.
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const url = (path) => pathToFileURL(path).href;
const preload = (name) => fileURLToPath(new URL(`../preloads/${name}`, import.meta.url));

/** @param {string} registerPath the built preload (dist/register.cjs, or the bench's snapshot of it): loaded
 * with --require, as the wrapper injects it. */
export function makeVariants(registerPath) {
  return [
    { id: 'plain', label: 'plain node', flags: [] },
    { id: 'lingering', label: 'lingering (defaults)', flags: ['--require', registerPath], lingering: true },
    {
      id: 'lingering-off',
      label: 'lingering, LINGERING_PROMISES=off',
      flags: ['--require', registerPath],
      env: { LINGERING_PROMISES: 'off' },
      lingering: true,
    },
    { id: 'bare-hook', label: 'bare async_hooks init hook', flags: ['--require', preload('bare-hook.cjs')] },
    {
      id: 'why-is-node-running',
      label: 'why-is-node-running 3 (/include)',
      // The package exports "./include" (hook + SIGUSR1/SIGINFO handlers + a line on stdout).
      flags: ['--import', url(require.resolve('why-is-node-running/include'))],
      // That line is the only stdout it adds; it is removed before comparing with plain node.
      stdoutNoise: /^kill -SIGUSR1 \d+ for logging\n/gm,
    },
    { id: 'jest-style', label: 'jest --detectOpenHandles hook', flags: ['--require', preload('jest-style.cjs')] },
    // The test suite only: lingering's per-test check, and vitest's own leak detection.
    {
      id: 'lingering-per-test',
      label: 'lingering --per-test',
      flags: ['--require', registerPath],
      env: { LINGERING_PER_TEST: '1' },
      lingering: true,
      only: ['suite'],
    },
    {
      id: 'vitest-detect',
      label: 'vitest --detectAsyncLeaks',
      flags: [],
      extraArgs: ['--detectAsyncLeaks'],
      only: ['suite'],
    },
  ];
}

/** The environment every variant starts from: no inherited preloads or lingering settings. */
export function baseEnv(scale) {
  const env = { ...process.env, NO_COLOR: '1', BENCH_SCALE: String(scale) };
  for (const key of Object.keys(env)) {
    if (key === 'NODE_OPTIONS' || key === 'FORCE_COLOR' || key.startsWith('LINGERING_')) delete env[key];
  }
  return env;
}
