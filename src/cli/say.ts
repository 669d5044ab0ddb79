// The one shape of every message the wrapper prints itself: a single line on stderr.
export function say(message: string): void {
  process.stderr.write(`lingering: ${message}\n`);
}
