// Marks a native FileHandle whose close() was called (see watchClose in tracker.ts).
export const CLOSED = Symbol('lingering.closed');
