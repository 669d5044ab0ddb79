// In-flight requests of the callback APIs: fs (FSREQCALLBACK) and dns (GETADDRINFOREQWRAP,
// GETNAMEINFOREQWRAP). Gone within a turn or two: kept in the churn table. A dns lookup's stack is
// what the socket connected from its callback borrows, so every lookup gets one; fs requests come
// by the thousand (one per read, stat...) and share a budget.
import { now } from '../builtins.js';
import { captureStack, HANDLE_FRAMES } from '../hooks/capture.js';
import { CaptureBudget } from '../hooks/budget.js';
import { promiseClock } from '../hooks/promises.js';
import { currentTest } from '../runners/context.js';
import { churn } from '../tables/tables.js';
import { RANK, type Kind } from './kind.js';
import { hasRef, nativeAlive, type Bag } from './native.js';

const fsBudget = new CaptureBudget(2000, 64);

export const request: Kind = {
  types: ['FSREQCALLBACK', 'GETADDRINFOREQWRAP', 'GETNAMEINFOREQWRAP'],
  init(id, type, trigger, resource) {
    const holder = type !== 'FSREQCALLBACK' || fsBudget.take() ? captureStack(HANDLE_FRAMES) : undefined;
    churn.add(request.alive, id, type, trigger, promiseClock(id), resource, holder, now(), currentTest());
  },
  // Node lists the requests in flight (process._getActiveRequests()).
  alive: nativeAlive,
  refed: hasRef,
  describe(entry) {
    if (entry.type === 'FSREQCALLBACK') return 'fs operation in flight';
    const host = (entry.resource as Bag).hostname ?? (entry.resource as Bag).host;
    const what = entry.type === 'GETADDRINFOREQWRAP' ? 'dns.lookup' : 'dns.lookupService';
    return `${what}(${JSON.stringify(host ?? '?')}) in flight`;
  },
  fallback: 'donor',
  rank: RANK.other,
  stdio: false,
};
