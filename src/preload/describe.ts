// Plain words for a pending handle: `setInterval(…, 1000)`, `net.Server listening on 127.0.0.1:40123`,
// `child process "sleep 5"`. Only reads state that has no side effects; any failure falls back
// to the type name.
import { ownerOf } from './liveness.js';

type Bag = Record<string, unknown>;

function call<T>(object: Bag, method: string): T | undefined {
  const fn = object[method];
  if (typeof fn !== 'function') return undefined;
  try {
    return fn.call(object) as T;
  } catch {
    return undefined;
  }
}

function formatAddress(address: unknown): string | undefined {
  if (typeof address === 'string') return address;
  if (address && typeof address === 'object') {
    const a = address as { address?: string; port?: number; family?: string };
    if (a.address === undefined) return undefined;
    const host = a.family === 'IPv6' || a.family === (6 as unknown) ? `[${a.address}]` : a.address;
    return `${host}:${a.port}`;
  }
  return undefined;
}

function describeTimer(resource: Bag): string {
  const ms = typeof resource._idleTimeout === 'number' ? resource._idleTimeout : undefined;
  const repeat = resource._repeat !== null && resource._repeat !== undefined;
  return `${repeat ? 'setInterval' : 'setTimeout'}(…, ${ms ?? '?'})`;
}

function describeSocket(owner: Bag | undefined, kind: string): string {
  if (!owner) return kind;
  const remote = owner.remoteAddress as string | undefined;
  const port = owner.remotePort as number | undefined;
  if (remote !== undefined) return `${kind} connected to ${remote.includes(':') ? `[${remote}]` : remote}:${port}`;
  return `${kind} (not connected)`;
}

export function describeHandle(type: string, resource: object): string {
  try {
    const res = resource as Bag;
    const owner = ownerOf(resource);
    switch (type) {
      case 'Timeout':
        return describeTimer(res);
      case 'Immediate':
        return 'setImmediate(…)';
      case 'TCPSERVERWRAP':
      case 'PIPESERVERWRAP': {
        const name = owner?.constructor && (owner.constructor as { name?: string }).name;
        const label =
          name === 'Server' && typeof owner?.setTimeout === 'function' && 'maxHeadersCount' in owner
            ? 'http.Server'
            : 'net.Server';
        const address = owner ? formatAddress(call(owner, 'address')) : undefined;
        return address ? `${label} listening on ${address}` : `${label} (not listening)`;
      }
      case 'TCPWRAP':
      case 'TLSWRAP':
        return describeSocket(owner, type === 'TLSWRAP' ? 'tls.TLSSocket' : 'net.Socket');
      case 'PIPEWRAP':
        return owner ? 'pipe socket' : 'pipe';
      case 'PROCESSWRAP': {
        const args = owner?.spawnargs as string[] | undefined;
        const pid = owner?.pid as number | undefined;
        return `child process "${args?.join(' ') ?? '?'}"${pid ? ` (pid ${pid})` : ''}`;
      }
      case 'WORKER':
        return `worker thread${typeof res.threadId === 'number' ? ` #${res.threadId}` : ''}`;
      case 'FSEVENTWRAP':
        return 'fs.watch() watcher';
      case 'STATWATCHER':
        return 'fs.watchFile() watcher';
      case 'FILEHANDLE':
        return 'FileHandle (open)'; // its fd getter is unsafe to call: see watchClose
      case 'HTTPCLIENTREQUEST': {
        const req = res.req as Bag | undefined;
        if (!req) return 'HTTP request';
        const host = req.host as string | undefined;
        const port = (req.socket as Bag | undefined)?.remotePort ?? (req.agent as Bag | undefined)?.defaultPort;
        return `HTTP ${String(req.method ?? 'GET')} ${String(req.protocol ?? 'http:')}//${host ?? '?'}${port ? `:${String(port)}` : ''}${String(req.path ?? '/')} (no complete response)`;
      }
      case 'UDPWRAP': {
        const address = owner ? formatAddress(call(owner, 'address')) : undefined;
        return address ? `dgram socket bound to ${address}` : 'dgram socket';
      }
      case 'MESSAGEPORT':
        return 'MessagePort (receiving)';
      case 'GETADDRINFOREQWRAP':
        return `dns.lookup(${JSON.stringify(res.hostname ?? '?')}) in flight`;
      case 'FSREQCALLBACK':
      case 'FSREQPROMISE':
        return 'fs operation in flight';
    }
    return `${type} resource`;
  } catch {
    return `${type} resource`;
  }
}
