// The in-flight requests (fs, dns, connect...) as Node itself counts them.
import { SafeSet } from '../builtins.js';

export function activeRequests(): ReadonlySet<unknown> {
  try {
    const get = (process as unknown as { _getActiveRequests?: () => unknown[] })._getActiveRequests;
    return new SafeSet(typeof get === 'function' ? get.call(process) : []);
  } catch {
    return new SafeSet();
  }
}
