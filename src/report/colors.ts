// A tiny ANSI helper. Whether to colour is decided by the caller (NO_COLOR, FORCE_COLOR, TTY) and
// passed in, so formatters stay pure.

export type Style = (text: string) => string;

export interface Palette {
  red: Style;
  yellow: Style;
  green: Style;
  cyan: Style;
  dim: Style;
  bold: Style;
}

const sgr =
  (open: number, close: number): Style =>
  (text) =>
    text === '' ? '' : `\u001b[${open}m${text}\u001b[${close}m`;

const plain: Style = (text) => text;

const COLORED: Palette = {
  red: sgr(31, 39),
  yellow: sgr(33, 39),
  green: sgr(32, 39),
  cyan: sgr(36, 39),
  dim: sgr(2, 22),
  bold: sgr(1, 22),
};

const PLAIN: Palette = { red: plain, yellow: plain, green: plain, cyan: plain, dim: plain, bold: plain };

/** Whether to colour a report: NO_COLOR (https://no-color.org) beats FORCE_COLOR beats a terminal.
 * `isTTY` is asked last, and only when the environment does not decide. */
export function colorFromEnv(env: NodeJS.ProcessEnv, isTTY: () => boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return env.TERM !== 'dumb' && isTTY();
}

export function palette(color: boolean): Palette {
  return color ? COLORED : PLAIN;
}

// eslint-disable-next-line no-control-regex
const ANSI_RE = /\u001b\[[0-9;]*[A-Za-z]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI_RE, '');
}
