// The report is built inside the program's process, at exit, after the program may have replaced
// built-ins (JSON.stringify, Array.prototype.map, ...). We keep the originals from load time and
// put them back only while our synchronous report code runs; the program's versions are restored
// before any of its code can run again.
type Slot = [target: object, key: string, original: unknown];

const slots: Slot[] = [];

function keep(target: object, keys: string[]): void {
  for (const key of keys) slots.push([target, key, (target as Record<string, unknown>)[key]]);
}

keep(JSON, ['stringify', 'parse']);
keep(Object, ['keys', 'entries', 'assign', 'getOwnPropertySymbols', 'getOwnPropertyDescriptor', 'defineProperty']);
keep(Array, ['isArray', 'from']);
keep(Array.prototype, [
  'map',
  'filter',
  'some',
  'every',
  'find',
  'findIndex',
  'forEach',
  'slice',
  'join',
  'push',
  'sort',
  'includes',
  'indexOf',
  'concat',
  'flatMap',
  'reduce',
  'splice',
  'reverse',
  'fill',
]);
keep(String.prototype, [
  'split',
  'startsWith',
  'endsWith',
  'includes',
  'replace',
  'slice',
  'padStart',
  'padEnd',
  'repeat',
  'trim',
  'indexOf',
  'toLowerCase',
  'match',
]);
keep(RegExp.prototype, ['test', 'exec']);
keep(Map.prototype, ['get', 'set', 'has', 'delete', 'values', 'keys', 'entries', 'forEach']);
keep(Set.prototype, ['add', 'has', 'delete', 'values', 'forEach']);
keep(Math, ['max', 'min', 'floor', 'round']);

export function withIntrinsics<T>(fn: () => T): T {
  const replaced: Slot[] = [];
  for (const slot of slots) {
    const [target, key, original] = slot;
    const current = (target as Record<string, unknown>)[key];
    if (current === original) continue;
    try {
      Reflect.defineProperty(target, key, { value: original, writable: true, configurable: true, enumerable: false });
      replaced.push([target, key, current]);
    } catch {
      // A frozen or non-configurable replacement: leave it; our code may fail and says so.
    }
  }
  try {
    return fn();
  } finally {
    for (const [target, key, current] of replaced) {
      Reflect.defineProperty(target, key, { value: current, writable: true, configurable: true, enumerable: false });
    }
  }
}
