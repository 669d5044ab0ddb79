import { describe, expect, it } from 'vitest';
import { HANDLE_KINDS, headline, hintFor } from '../../src/report/index.js';
import type { TaskKind, TaskState } from '../../src/report/index.js';

const handle = (type: string) => ({ kind: 'handle' as TaskKind, type, state: 'pending' as TaskState });

describe('headline', () => {
  it('follows the asyncio wording and always says "pending"', () => {
    expect(headline({ kind: 'promise', type: 'Promise', state: 'destroyed' })).toBe(
      'Task was destroyed but it is pending!',
    );
    expect(headline({ kind: 'promise', type: 'AsyncFunction', state: 'pending' })).toBe(
      'Task is still pending at exit!',
    );
    expect(headline({ kind: 'promise', type: 'Promise', state: 'pending' })).toBe('Task is still pending at exit!');
    expect(
      [
        'Timeout',
        'Immediate',
        'TCPSERVERWRAP',
        'PIPESERVERWRAP',
        'TLSWRAP',
        'PROCESSWRAP',
        'WORKER',
        'STATWATCHER',
        'FILEHANDLE',
        'HTTPCLIENTREQUEST',
        'SOMETHINGNEW',
      ].map((type) => headline(handle(type))),
    ).toEqual([
      'Timer was still pending at exit!',
      'Immediate was still pending at exit!',
      'Server was still pending at exit!',
      'Server was still pending at exit!',
      'Socket was still pending at exit!',
      'Child process was still pending at exit!',
      'Worker was still pending at exit!',
      'Watcher was still pending at exit!',
      'File handle was still pending at exit!',
      'HTTP request was still pending at exit!',
      'Handle was still pending at exit!',
    ]);
  });
});

describe('hintFor', () => {
  it('gives the fix for each kind', () => {
    expect(hintFor(handle('Timeout'))).toBe(
      'clearTimeout()/clearInterval() it, or .unref() it if it must not keep the process alive',
    );
    expect(hintFor(handle('PIPESERVERWRAP'))).toBe('call server.close() (and close its open connections) before exit');
    expect(hintFor(handle('TCPWRAP'))).toContain('socket.end()');
    expect(hintFor(handle('PROCESSWRAP'))).toContain('child.kill()');
    expect(hintFor(handle('WORKER'))).toContain('worker.terminate()');
    expect(hintFor(handle('FSEVENTWRAP'))).toContain('watcher.close()');
    expect(hintFor(handle('STATWATCHER'))).toContain('fs.unwatchFile()');
    expect(hintFor(handle('FILEHANDLE'))).toContain('await filehandle.close()');
    expect(hintFor(handle('MESSAGEPORT'))).toContain('port.close()');
    expect(hintFor(handle('UDPWRAP'))).toContain('socket.close()');
    for (const type of ['FSREQCALLBACK', 'GETADDRINFOREQWRAP', 'GETNAMEINFOREQWRAP']) {
      expect(hintFor(handle(type))).toBe(
        'an operation is still in flight: await it (or wait for its callback) before exiting',
      );
    }
    expect(hintFor(handle('SOMETHINGNEW'))).toBe(
      'close or destroy it when done with it, or .unref() it if it must not keep the process alive',
    );
    expect(hintFor({ kind: 'promise', type: 'AsyncFunction', state: 'pending' })).toBe(
      'it is suspended at an await that never resumed: its finally blocks never ran; await or cancel what it waits for',
    );
    expect(hintFor({ kind: 'promise', type: 'Promise', state: 'pending' })).toBe(
      'something awaits a promise that is never settled: resolve/reject it or stop awaiting it',
    );
    expect(hintFor({ kind: 'promise', type: 'AsyncFunction', state: 'destroyed' })).toBe(
      'the promise was garbage-collected while pending: nothing could ever settle it',
    );
  });

  it("does not tell to .unref() a handle that is unref'd already (a warning)", () => {
    const unrefed = (type: string) => ({ ...handle(type), refed: false });
    expect(hintFor(unrefed('Timeout'))).toBe(
      "clearTimeout()/clearInterval() it when done: it is unref'd already, and its callback never runs after exit",
    );
    expect(hintFor(unrefed('MESSAGEPORT'))).toBe("call port.close() when done with it (it is unref'd already)");
    expect(hintFor(unrefed('SOMETHINGNEW'))).toBe("close or destroy it when done with it (it is unref'd already)");
    for (const type of [...Object.keys(HANDLE_KINDS), 'SOMETHINGNEW'])
      expect(hintFor(unrefed(type))).not.toContain('unref()');
    // A ref'd one still gets the choice.
    expect(hintFor({ ...handle('Timeout'), refed: true })).toContain('.unref() it');
  });
});
