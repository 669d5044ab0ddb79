// The first line of every finding, in the family of asyncio's "Task was destroyed but it is
// pending!". Every headline contains "pending", so `grep pending` finds them all.
import { handleNoun } from './kinds.js';
import type { Task } from './types.js';

export function headline(task: Pick<Task, 'kind' | 'type' | 'state' | 'perTest'>, live = false): string {
  const noun = task.kind === 'promise' ? 'Task' : handleNoun(task.type);
  if (task.state === 'destroyed') return `${noun} was destroyed but it is pending!`;
  // A live process (lingering ps): nothing has exited yet.
  if (live) return `${noun} is pending`;
  // Found by the per-test check, at the end of the test that made it.
  if (task.perTest) return `${noun} was still pending when its test ended!`;
  return task.kind === 'promise' ? 'Task is still pending at exit!' : `${noun} was still pending at exit!`;
}
