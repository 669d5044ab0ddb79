// The child's environment: a copy of ours plus the preload and the report directory. What the
// user already has in NODE_OPTIONS stays, in front of ours.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ENV_PER_TEST, ENV_REPORT_DIR } from '../report/protocol.js';
import { PreloadMissingError } from './errors.js';

/** dist/register.cjs, next to the built dist/cli.js this code is bundled into. */
export function preloadPath(base: string | URL = import.meta.url): string {
  const path = fileURLToPath(new URL('./register.cjs', base));
  if (!existsSync(path)) throw new PreloadMissingError(path);
  return path;
}

export function childEnv(
  env: NodeJS.ProcessEnv,
  reportDir: string,
  preload: string,
  opts: { perTest?: boolean } = {},
): NodeJS.ProcessEnv {
  const child: NodeJS.ProcessEnv = {
    ...env,
    NODE_OPTIONS: withRequire(env.NODE_OPTIONS, preload),
    [ENV_REPORT_DIR]: reportDir,
  };
  if (opts.perTest) child[ENV_PER_TEST] = '1';
  return child;
}

/**
 * Appends `--require "<path>"`. `--require` of the CommonJS build, not `--import`: any `--import`
 * sends even a CommonJS entry through the ESM loader, which rejects files it does not know
 * (`node tool.ts` on Node 20, `.jsx`, `.coffee`), and `--import` never runs in `eval: true`
 * workers or in the `node --test` runner process.
 * Node splits NODE_OPTIONS on spaces; inside double quotes a backslash escapes the next character
 * (https://nodejs.org/api/cli.html#node_optionsoptions), so `\` and `"` in the path are escaped.
 * A nested lingering (the command runs lingering again) does not add the same preload twice.
 */
export function withRequire(nodeOptions: string | undefined, preload: string): string {
  const flag = `--require "${preload.replace(/[\\"]/g, '\\$&')}"`;
  const existing = nodeOptions?.trim() ?? '';
  if (existing.includes(flag)) return existing;
  return existing === '' ? flag : `${existing} ${flag}`;
}
