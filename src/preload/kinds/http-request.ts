// An HTTP client request in flight (HTTPCLIENTREQUEST). It is made on a later tick, with no user
// frame: it takes the stack of the socket it rides on.
import { now } from '../builtins.js';
import { promiseClock } from '../hooks/promises.js';
import { currentTest } from '../runners/context.js';
import { httpRequests } from '../tables/tables.js';
import { RANK, type Kind } from './kind.js';
import { hasRef, type Bag } from './native.js';

export const httpRequest: Kind = {
  types: ['HTTPCLIENTREQUEST'],
  init(id, type, trigger, resource) {
    httpRequests.add(httpRequest.alive, id, type, trigger, promiseClock(id), resource, undefined, now(), currentTest());
  },
  alive(entry) {
    const req = (entry.resource as Bag).req as Bag | undefined;
    if (!req || req.destroyed === true) return false;
    const res = req.res as Bag | undefined;
    return !(res && res.complete === true);
  },
  refed: hasRef,
  describe(entry) {
    const req = (entry.resource as Bag).req as Bag | undefined;
    if (!req) return 'HTTP request';
    const host = req.host as string | undefined;
    const port = (req.socket as Bag | undefined)?.remotePort ?? (req.agent as Bag | undefined)?.defaultPort;
    return `HTTP ${String(req.method ?? 'GET')} ${String(req.protocol ?? 'http:')}//${host ?? '?'}${port ? `:${String(port)}` : ''}${String(req.path ?? '/')} (no complete response)`;
  },
  fallback: 'socket',
  rank: RANK.request,
  stdio: false,
};

/** The net.Socket a request rides on. */
export function requestSocket(resource: object): unknown {
  return ((resource as Bag).req as Bag | undefined)?.socket;
}
