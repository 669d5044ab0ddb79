// Every kind, and the lookup from an async_hooks type to its kind. Adding a kind: one file here
// and its noun and hint in report/kinds.ts (test/preload/kinds.test.ts checks they agree).
import { SafeMap } from '../builtins.js';
import { childProcess } from './child-process.js';
import { fileHandle, fsPromiseRequest } from './file-handle.js';
import { httpRequest } from './http-request.js';
import { ignored } from './ignored.js';
import type { Kind } from './kind.js';
import { messagePort } from './message-port.js';
import { other } from './other.js';
import { request } from './request.js';
import { lookupTick, server } from './server.js';
import { socket } from './socket.js';
import { timer } from './timer.js';
import { udp } from './udp.js';
import { watcher } from './watcher.js';
import { worker } from './worker.js';

export type { Kind } from './kind.js';

/** The kinds whose tasks can be reported (each type has a noun and a hint in report/kinds.ts). */
export const REPORTED_KINDS: readonly Kind[] = [
  timer,
  server,
  socket,
  fileHandle,
  httpRequest,
  childProcess,
  worker,
  watcher,
  udp,
  messagePort,
  request,
];

const byType: Map<string, Kind> = new SafeMap<string, Kind>();
for (const kind of [...REPORTED_KINDS, lookupTick, fsPromiseRequest, ignored]) {
  for (const type of kind.types) byType.set(type, kind);
}

/** Calls `callback` once, inside the init hook, when a resource of `type` is first made (a runner's
 * own AsyncResource tells that the runner is in use); such resources are not tracked. */
export function onFirstResource(type: string, callback: () => void): void {
  byType.set(type, {
    ...ignored,
    types: [type],
    init() {
      byType.set(type, ignored);
      callback();
    },
  });
}

/** The kind of a resource type; `other` for types without one. */
export function kindOf(type: string): Kind {
  return byType.get(type) ?? other;
}
