// The child's environment: a copy of ours plus the preload and the report directory. What the
// user already has in NODE_OPTIONS stays, in front of ours.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ENV_REPORT_DIR } from '../report/protocol.js';
import { PreloadMissingError } from './errors.js';

/** dist/register.mjs, next to the built dist/cli.js this code is bundled into. */
export function preloadUrl(base: string | URL = import.meta.url): URL {
  const url = new URL('./register.mjs', base);
  if (!existsSync(url)) throw new PreloadMissingError(fileURLToPath(url));
  return url;
}

export function childEnv(env: NodeJS.ProcessEnv, reportDir: string, preload: URL): NodeJS.ProcessEnv {
  return { ...env, NODE_OPTIONS: withImport(env.NODE_OPTIONS, preload), [ENV_REPORT_DIR]: reportDir };
}

/**
 * Appends `--import "<file URL>"`. Node splits NODE_OPTIONS on spaces but honours double quotes
 * (https://nodejs.org/api/cli.html#node_optionsoptions); a file URL already percent-encodes
 * spaces and quotes, and the quotes keep it one argument whatever the path.
 * A nested lingering (the command runs lingering again) does not add the same import twice.
 */
export function withImport(nodeOptions: string | undefined, preload: URL): string {
  const flag = `--import "${preload.href}"`;
  const existing = nodeOptions?.trim() ?? '';
  if (existing.includes(flag)) return existing;
  return existing === '' ? flag : `${existing} ${flag}`;
}
