// A leak's identity across runs: the same leak gives the same fingerprint on another run, another
// machine, another checkout and after unrelated edits shift its lines. It is made of what
// identifies the leak and nothing that varies between runs:
// - kind and type (handle/Timeout, promise/AsyncFunction), and what made it: for a handle the call
//   or class that starts its description ("setInterval", "net.Server"), for a promise its whole
//   description ("async waitForReady()") with numbers taken out;
// - the user frames of its creation stack, function name and file (paths are relative to the
//   directory lingering ran in; one outside it counts by its file name only), and the file of its
//   location;
// - the test that made it, when known: file, full name and hook.
// Never line or column numbers, pids, ports, timings, ages, counts or absolute paths. Severity and
// ref'd-ness are left out too: the same timer unref'd later is still the same leak.
import type { Task } from './types.js';

export function fingerprint(task: Task): string {
  const parts = [
    task.kind,
    task.type,
    what(task),
    task.location ? portablePath(task.location.file) : '',
    ...task.stack.map((frame) => `${frame.function} ${portablePath(frame.file)}`),
    task.test ? `test ${portablePath(task.test.file)} > ${task.test.name} ${task.test.hook ?? ''}` : '',
  ];
  return hash64(parts.join('\n'));
}

/** "setInterval" of "setInterval(…, 1000)", "net.Server" of "net.Server listening on …". */
function what(task: Task): string {
  if (task.kind === 'promise') return task.description.replace(/\d+/g, '#');
  return /^[A-Za-z_$][\w$.]*/.exec(task.description)?.[0] ?? '';
}

/** Relative paths as they are; an absolute one (a file outside the root, which differs between
 * machines) by its file name. */
function portablePath(file: string): string {
  const path = file.replace(/\\/g, '/');
  if (!/^(?:\/|[A-Za-z]:\/|file:)/.test(path)) return path.replace(/^(?:\.\/)+/, '');
  return path.slice(path.lastIndexOf('/') + 1);
}

/** 64 bits of two FNV-1a-style 32-bit hashes with different seeds, as 16 hex digits: no
 * node:crypto, which the preload loads only when it must. */
function hash64(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b);
  h1 = Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0x85ebca6b);
  h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  h2 ^= h2 >>> 16;
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
