// Colour for the text report on stderr: NO_COLOR (https://no-color.org) beats FORCE_COLOR beats a TTY.
import type { WriteStream } from 'node:tty';

export function useColor(stream: NodeJS.WriteStream | WriteStream, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return !['0', 'false'].includes(env.FORCE_COLOR);
  return stream.isTTY === true && env.TERM !== 'dumb';
}
