// Linking tasks into chains (pure): an outer async function awaits an inner one, which awaits a
// handle or a promise. Each root task carries what it awaits as its chain, innermost last.
import type { Task } from '../../report/types.js';
import { sameLine } from '../source/frames.js';
import { baseTask, type Built } from './task.js';

export function cleanName(fn: string): string {
  const name = fn.replace(/^async /, '');
  return name === '<anonymous>' || name === '' ? '<anonymous>' : name;
}

/** Where `inner` runs inside `outer`: the index of outer's suspension line among inner's callers,
 * or -1. */
export function callsInto(outer: Task, inner: Task): number {
  const top = outer.stack[0];
  if (!top) return -1;
  for (let i = 1; i < inner.stack.length; i++) {
    const f = inner.stack[i]!;
    if (sameLine(f, top) && cleanName(f.function) === cleanName(top.function)) return i;
  }
  return -1;
}

/** A handle made inside a promise executor that a task awaits (new Promise(r => setTimeout(r)))
 * is part of that task's chain. */
export function linkHandles(tasks: Built[], handleTasks: Built[]): void {
  const inExecutors = handleTasks.filter((h) =>
    h.resolved.raw.some((f) => f.native && f.fn === 'Promise' && f.isConstructor),
  );
  if (inExecutors.length === 0) return;
  for (const t of tasks) {
    const top = t.task.stack[0]!;
    for (const h of inExecutors) {
      if (h.covered) continue;
      if (h.task.stack.slice(1).some((f) => sameLine(f, top))) {
        h.covered = true;
        t.task.chain.push(h.task);
      }
    }
  }
}

/** Whether following parent links from `from` reaches `to` (linking would close a cycle). */
function reaches(parentOf: Map<Built, Built>, from: Built, to: Built): boolean {
  for (let node: Built | undefined = from; node; node = parentOf.get(node)) if (node === to) return true;
  return false;
}

/** Links promise tasks into chains; returns the roots. A chain that ends in no handle ends in
 * "a promise that nothing settles". */
export function linkChains(tasks: Built[]): Task[] {
  const parentOf = new Map<Built, Built>();
  for (const inner of tasks) {
    let best: Built | undefined;
    let bestAt = Infinity;
    for (const outer of tasks) {
      if (outer === inner) continue;
      const at = callsInto(outer.task, inner.task);
      // Recursion: every level suspends on the same line; the outer level awaited later.
      if (at > 0 && sameLine(outer.task.stack[0]!, inner.task.stack[0]!) && outer.id < inner.id) continue;
      if (at > 0 && at < bestAt && !reaches(parentOf, outer, inner)) {
        best = outer;
        bestAt = at;
      }
    }
    if (best) parentOf.set(inner, best);
  }
  const children = new Map<Built, Built[]>();
  for (const [child, parent] of parentOf) {
    const list = children.get(parent);
    if (list) list.push(child);
    else children.set(parent, [child]);
  }
  const roots: Task[] = [];
  for (const t of tasks) {
    if (parentOf.has(t)) continue;
    const chain: Task[] = [];
    const walk = (node: Built, seen: Set<Built>): void => {
      for (const child of children.get(node) ?? []) {
        if (seen.has(child)) continue;
        seen.add(child);
        const { chain: childChain, ...flat } = child.task;
        chain.push({ ...flat, chain: [] }, ...childChain);
        walk(child, seen);
      }
    };
    const own = t.task.chain;
    walk(t, new Set([t]));
    t.task.chain = [...chain, ...own];
    if (t.task.chain.length === 0 || t.task.chain.every((c) => c.kind === 'promise')) {
      const settles = baseTask('promise', 'Promise', t.task.state, [], undefined, t.task.pids[0] ?? 0);
      settles.description = 'a promise that nothing settles';
      t.task.chain.push(settles);
    }
    roots.push(t.task);
  }
  return roots;
}
