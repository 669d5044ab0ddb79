// Maps only a runner holds in memory (vitest 5 keeps them in its module runner and inlines none in
// the code it evaluates): the program's own Error.prepareStackTrace (vite's source-map interceptor,
// source-map-support as jest or ts-node install it) is asked to format the one CallSite.
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { RawFrame } from '../hooks/capture.js';
import { toPath } from './file-name.js';
import type { Position } from './script-map.js';

const AT = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/;

/** The position the program's formatter prints for this frame, when it names a file on disk. */
export function runnerPosition(frame: RawFrame): Position | undefined {
  const format = frame.formatter;
  if (typeof format !== 'function' || !frame.site) return undefined;
  let text: unknown;
  try {
    text = (format as (error: Error, sites: NodeJS.CallSite[]) => unknown)(new Error('lingering'), [frame.site]);
  } catch {
    return undefined;
  }
  if (typeof text !== 'string') return undefined;
  const lines = text.split('\n');
  const match = AT.exec(lines[lines.length - 1] ?? '');
  if (!match) return undefined;
  const file = toPath(match[1]!);
  if (!isAbsolute(file) || !existsSync(file)) return undefined;
  return { file, line: Number(match[2]), column: Number(match[3]) };
}
