// The first line of every finding, in the family of asyncio's "Task was destroyed but it is
// pending!". Every headline contains "pending", so `grep pending` finds them all.
import type { Task } from './types.js';

const NOUNS: Record<string, string> = {
  Timeout: 'Timer',
  Immediate: 'Immediate',
  TCPSERVERWRAP: 'Server',
  PIPESERVERWRAP: 'Server',
  TCPWRAP: 'Socket',
  PIPEWRAP: 'Socket',
  TLSWRAP: 'Socket',
  TCPCONNECTWRAP: 'Socket',
  PIPECONNECTWRAP: 'Socket',
  PROCESSWRAP: 'Child process',
  WORKER: 'Worker',
  FSEVENTWRAP: 'Watcher',
  STATWATCHER: 'Watcher',
  FILEHANDLE: 'File handle',
  HTTPCLIENTREQUEST: 'HTTP request',
  HTTPINCOMINGMESSAGE: 'HTTP message',
  UDPWRAP: 'UDP socket',
  SIGNALWRAP: 'Signal listener',
  MESSAGEPORT: 'Message port',
};

/** What kind of handle this is, in one or two words ("Timer", "Child process"). */
export function handleNoun(type: string): string {
  return NOUNS[type] ?? 'Handle';
}

export function headline(task: Pick<Task, 'kind' | 'type' | 'state'>): string {
  const noun = task.kind === 'promise' ? 'Task' : handleNoun(task.type);
  if (task.state === 'destroyed') return `${noun} was destroyed but it is pending!`;
  return task.kind === 'promise' ? 'Task is still pending at exit!' : `${noun} was still pending at exit!`;
}
