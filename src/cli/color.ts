// Colour for the text report on stderr; the policy is shared with the preload (report/colors.ts).
import type { WriteStream } from 'node:tty';
import { colorFromEnv } from '../report/colors.js';

export function useColor(stream: NodeJS.WriteStream | WriteStream, env: NodeJS.ProcessEnv): boolean {
  return colorFromEnv(env, () => stream.isTTY === true);
}
