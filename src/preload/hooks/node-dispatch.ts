// Node 20 and 22 have no createHook({ trackPromises: false }): once any async_hooks init hook is
// enabled, Node installs V8 promise hooks of its own that give every promise an async id (two
// symbol properties) and pass it through async_hooks' dispatch. That is most of what promise-heavy
// code pays under lingering there (bench (a), Node 20: the bare init hook alone is 1.9x plain).
//
// V8 keeps one set of promise hooks per context, set through Node's async_wrap binding. Where
// lingering's init hook is the only async_hooks hook, tracker.ts sets V8's hooks to its own alone,
// so promises behave as in a program with no hook at all (executionAsyncId() inside a reaction is
// what plain node gives). Node keeps its list of promise hooks and sets V8's from it again whenever
// an async hook is enabled or disabled (an AsyncLocalStorage's first run(), another tool's hook):
// Node's dispatch comes back, the init hook sees promises again, and rejoin() then runs lingering's
// hooks first and Node's after them. lingering's are not put in Node's list: with more than one
// hook there, Node turns an exception thrown by any of them (a stack overflow in Node's own init
// hook, with a promise made in every frame of a deep recursion) into an uncaught exception, where
// with one it reaches the code that made the promise, which can catch it.
type PromiseHook = (promise: Promise<unknown>, parent?: Promise<unknown>) => void;
/** None at all with LINGERING_PROMISES=off. */
type PromiseHooks = [init?: PromiseHook, before?: PromiseHook, after?: PromiseHook, settled?: PromiseHook];
type NodeHooks = [PromiseHook?, PromiseHook?, PromiseHook?, PromiseHook?];

interface AsyncWrapBinding {
  setPromiseHooks(...hooks: NodeHooks): void;
  getPromiseHooks(): NodeHooks;
  async_hook_fields: Uint32Array;
  constants: Record<string, number>;
}

export interface PromiseHookTakeover {
  /** Node set V8's hooks again: run `own` first, then whatever Node set. */
  rejoin(): void;
  /** Gives V8's hooks back to Node (what it set last). */
  release(): void;
}

/** Sets V8's promise hooks to `own` alone, where lingering's init hook is the only async_hooks hook
 * and nothing reads executionAsyncResource(); undefined (nothing changed) otherwise, or where the
 * binding cannot be had. */
export function takeOverPromiseHooks(...own: PromiseHooks): PromiseHookTakeover | undefined {
  const binding = asyncWrap();
  if (binding === undefined) return undefined;
  const fields = binding.async_hook_fields;
  const { kInit, kBefore, kAfter, kDestroy, kPromiseResolve, kUsesExecutionAsyncResource } = binding.constants;
  const alone =
    fields[kInit] === 1 &&
    fields[kBefore] === 0 &&
    fields[kAfter] === 0 &&
    fields[kDestroy] === 0 &&
    fields[kPromiseResolve] === 0 &&
    fields[kUsesExecutionAsyncResource] === 0;
  if (!alone) return undefined;
  let nodes = binding.getPromiseHooks();
  binding.setPromiseHooks(...own);
  return {
    rejoin() {
      nodes = binding.getPromiseHooks();
      binding.setPromiseHooks(
        both(own[0], nodes[0]),
        both(own[1], nodes[1]),
        both(own[2], nodes[2]),
        both(own[3], nodes[3]),
      );
    },
    release() {
      binding.setPromiseHooks(...nodes);
    },
  };
}

/** `first` never throws (tracker.ts wraps each hook); what `then` throws reaches V8 as it would
 * with Node's hook alone. */
function both(first: PromiseHook | undefined, then: PromiseHook | undefined): PromiseHook | undefined {
  if (first === undefined) return then;
  if (then === undefined) return first;
  return (promise, parent) => {
    first(promise, parent);
    then(promise, parent);
  };
}

function asyncWrap(): AsyncWrapBinding | undefined {
  // process.binding('async_wrap') emits a DeprecationWarning (DEP0111) unless deprecations are
  // off: they are, for this one call, so the program's output (and --throw-deprecation) is as it was.
  const own = Object.prototype.hasOwnProperty.call(process, 'noDeprecation');
  const previous = process.noDeprecation;
  try {
    process.noDeprecation = true;
    const candidate = (process as unknown as { binding(name: string): Partial<AsyncWrapBinding> }).binding(
      'async_wrap',
    );
    if (
      typeof candidate?.setPromiseHooks !== 'function' ||
      typeof candidate.getPromiseHooks !== 'function' ||
      !(candidate.async_hook_fields instanceof Uint32Array) ||
      typeof candidate.constants !== 'object'
    ) {
      return undefined;
    }
    return candidate as AsyncWrapBinding;
  } catch {
    // The permission model, or a Node without the binding: Node's dispatch stays.
    return undefined;
  } finally {
    if (own) process.noDeprecation = previous;
    else delete (process as { noDeprecation?: boolean }).noDeprecation;
  }
}
