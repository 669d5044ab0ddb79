// fs.promises FileHandle (FILEHANDLE), made by native code after its open() request completes:
// it takes the stack of that request (FSREQPROMISE).
import { captureStack, HANDLE_FRAMES, type Holder } from '../hooks/capture.js';
import { CaptureBudget } from '../hooks/budget.js';
import { RANK, track, type Kind } from './kind.js';
import { hasRef, type Bag } from './native.js';

/** fs.promises requests: several per call (open, stat, read, close); only open() names a FileHandle. */
const budget = new CaptureBudget(2000, 64);
let lastRequest: Holder | undefined;

/** Marks a native FileHandle whose close() was called (see watchClose). */
const CLOSED = Symbol('lingering.closed');

export const fsPromiseRequest: Kind = {
  types: ['FSREQPROMISE'],
  init() {
    // Completed ones stay in Node's request list until collected, so they are never reported;
    // their stack only names the open() call of the FileHandle that comes next. A FileHandle
    // opened by an unsampled open() has no location.
    lastRequest = budget.take() ? captureStack(HANDLE_FRAMES) : undefined;
  },
  alive: () => false,
  refed: () => false,
  describe: () => 'fs.promises operation in flight',
  fallback: 'donor',
  rank: RANK.other,
  stdio: false,
};

export const fileHandle: Kind = {
  types: ['FILEHANDLE'],
  init(id, type, trigger, resource) {
    track(id, type, trigger, resource, undefined, lastRequest);
    watchClose(resource);
  },
  // Never read `fd`: see watchClose.
  alive: (entry) => (entry.resource as Bag)[CLOSED] !== true,
  refed: hasRef,
  describe: () => 'FileHandle (open)',
  fallback: 'donor',
  rank: RANK.fileHandle,
  // Reading its fd to check is unsafe (watchClose).
  stdio: false,
};

/** A closed native FileHandle can outlive its C++ object: reading its `fd` getter then reads freed
 * memory (SIGSEGV in StreamBase::GetFD). So we never read it; we note close() instead. The object
 * is Node's private binding, held only by the fs/promises FileHandle. */
function watchClose(resource: object): void {
  const handle = resource as Bag;
  for (const name of ['close', 'releaseFD']) {
    const original = handle[name];
    if (typeof original !== 'function') continue;
    Object.defineProperty(handle, name, {
      configurable: true,
      writable: true,
      value: function (this: unknown, ...args: unknown[]) {
        handle[CLOSED] = true;
        return original.apply(this, args);
      },
    });
  }
}
