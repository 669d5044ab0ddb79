// The one environment every spawned process of the tests gets: the test's own, without what would
// leak the outer run into it. The project's `npm test` itself runs under `lingering -- vitest`
// (NODE_OPTIONS preloads lingering, LINGERING_REPORT_DIR points at its reports), CI may set
// GITHUB_ACTIONS (annotations on stdout), a developer may set NODE_DEBUG=lingering or colours, and
// vitest sets VITEST_* for its workers: a fixture must see none of it unless a test says so.
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The node that runs fixtures and the wrapper: .ci/run sets it to each Node version in turn. */
export const NODE = process.env.LINGERING_TEST_NODE || process.execPath;

const SCRUBBED = new Set(['NODE_OPTIONS', 'GITHUB_ACTIONS', 'FORCE_COLOR', 'NO_COLOR', 'NODE_DEBUG']);

/** `extra` is added; a value of undefined removes the variable. */
export function testEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (SCRUBBED.has(key) || key.startsWith('LINGERING_') || key.startsWith('VITEST')) continue;
    env[key] = value;
  }
  env.NO_COLOR = '1';
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}
