// One fixture per kind of handle left active at exit: each must be reported once, at the line that
// created it, with its async_hooks type, ref'd and as an error.
import { describe, test } from 'vitest';
import { allTasks, at, byType, runFixture, summarize, tasksAt } from '../helpers/run-preload.js';

const active = { kind: 'handle', state: 'pending', severity: 'error', refed: true, count: 1 } as const;

describe.concurrent('preload: handles still active at exit', { timeout: 20_000 }, () => {
  test('setInterval', async ({ expect }) => {
    const { code, stdout, report } = await runFixture('fixtures/handles/interval.mjs');
    expect(code).toBe(0);
    expect(stdout).toBe('started\n');
    expect(report?.processes[0]?.exit).toMatchObject({ reason: 'exit', code: 0, signal: null });
    expect(report?.tasks, summarize(report)).toHaveLength(1);
    expect(report?.tasks[0]).toMatchObject({
      ...active,
      type: 'Timeout',
      location: at('fixtures/handles/interval.mjs', 3, 'setInterval('),
    });
    expect(report?.tasks[0]?.description).toContain('setInterval(');
    expect(report?.tasks[0]?.description).toContain('1000');
    expect(report?.tasks[0]?.stack[0]).toMatchObject({
      function: 'startHeartbeat',
      file: 'fixtures/handles/interval.mjs',
      line: 3,
    });
    expect(report?.processes[0]?.pid).toBeGreaterThan(0);
  });

  test('setTimeout (long)', async ({ expect }) => {
    const { code, stdout, report } = await runFixture('fixtures/handles/timeout.mjs');
    expect(code).toBe(0);
    expect(stdout).toBe('scheduled\n');
    expect(report?.processes[0]?.exit.reason).toBe('exit');
    expect(report?.tasks, summarize(report)).toHaveLength(1);
    expect(report?.tasks[0]).toMatchObject({
      ...active,
      type: 'Timeout',
      location: at('fixtures/handles/timeout.mjs', 2, 'setTimeout('),
    });
    expect(report?.tasks[0]?.description).toContain('setTimeout(');
    expect(report?.tasks[0]?.description).toContain('60000');
    // Recorded with a stack: nothing to say about how it was located.
    expect(report?.tasks[0]?.description).not.toContain('located by');
  });

  test('setImmediate pending at process.exit()', async ({ expect }) => {
    const { code, stdout, report } = await runFixture('fixtures/handles/immediate.mjs');
    expect(code).toBe(0);
    expect(stdout).toBe('queued\n');
    expect(report?.processes[0]?.exit.reason).toBe('exit');
    expect(report?.tasks, summarize(report)).toHaveLength(1);
    expect(report?.tasks[0]).toMatchObject({
      ...active,
      type: 'Immediate',
      location: at('fixtures/handles/immediate.mjs', 2, 'setImmediate('),
    });
    expect(report?.tasks[0]?.description).toContain('setImmediate(');
    // Immediates get no creation stack: the report says the location is its callback's.
    expect(report?.tasks[0]?.description).toMatch(/\(located by its callback\)$/);
  });

  test('net.Server listening', async ({ expect }) => {
    const { code, stdout, report } = await runFixture('fixtures/handles/server.mjs');
    expect(code).toBe(0);
    const port = /^port (\d+)\n$/.exec(stdout)?.[1];
    expect(port, stdout).toBeDefined();
    expect(report?.processes[0]?.exit.reason).toBe('exit');
    expect(report?.tasks, summarize(report)).toHaveLength(1);
    expect(report?.tasks[0]).toMatchObject({
      ...active,
      type: 'TCPSERVERWRAP',
      // The TCPSERVERWRAP handle is created by listen(), not by createServer().
      location: at('fixtures/handles/server.mjs', 6, '.listen('),
    });
    expect(report?.tasks[0]?.description).toContain(`:${port}`);
  });

  test('client socket connected (its server closed)', async ({ expect }) => {
    const file = 'fixtures/handles/socket.mjs';
    const { code, stdout, report } = await runFixture(file);
    expect(code).toBe(0);
    expect(stdout).toBe('reply: ping\n');
    expect(report?.processes[0]?.exit.reason).toBe('exit');
    const client = tasksAt(report, file, at(file, 11, 'net.connect(').line);
    expect(client, summarize(report)).toHaveLength(1);
    expect(client[0]).toMatchObject({ ...active, type: 'TCPWRAP' });
    // The server was closed in its connection handler: it no longer listens, but its close waits
    // for the echo connection, which nobody ends.
    const servers = byType(report, 'TCPSERVERWRAP');
    expect(
      servers.map((task) => [task.description, task.location?.line]),
      summarize(report),
    ).toEqual([['net.Server closing: waiting for 1 connection', 9]]);
    expect(servers[0]?.chain.map((link) => link.description)).toEqual([
      expect.stringMatching(/^connection accepted by net\.Server on \S+:\d+ from \S+:\d+$/),
    ]);
    expect(report?.tasks, summarize(report)).toHaveLength(2);
  });

  test('child process', async ({ expect }) => {
    const { code, stdout, report } = await runFixture('fixtures/handles/child-process.mjs');
    expect(code).toBe(0);
    expect(stdout).toBe('spawned number\n');
    expect(report?.processes[0]?.exit.reason).toBe('exit');
    expect(report?.tasks, summarize(report)).toHaveLength(1);
    expect(report?.tasks[0]).toMatchObject({
      ...active,
      type: 'PROCESSWRAP',
      location: at('fixtures/handles/child-process.mjs', 4, 'spawn('),
    });
    expect(report?.tasks[0]?.description).toContain('child process "sleep 5"');
  });

  test('worker thread still alive', async ({ expect }) => {
    const file = 'fixtures/handles/worker.mjs';
    const { code, stdout, report } = await runFixture(file);
    expect(code).toBe(0);
    expect(stdout).toBe('worker online\n');
    expect(report?.processes[0]?.exit.reason).toBe('exit');
    expect(report?.processes[0]?.threadId ?? 0).toBe(0);
    const workers = byType(report, 'WORKER');
    expect(workers, summarize(report)).toHaveLength(1);
    expect(workers[0]).toMatchObject({ ...active, location: at(file, 5, 'new Worker(') });
  });

  test('fs.watch', async ({ expect }) => {
    const { code, stdout, report } = await runFixture('fixtures/handles/fs-watch.mjs');
    expect(code).toBe(0);
    expect(stdout).toBe('watching\n');
    expect(report?.processes[0]?.exit.reason).toBe('exit');
    expect(report?.tasks, summarize(report)).toHaveLength(1);
    expect(report?.tasks[0]).toMatchObject({
      ...active,
      type: 'FSEVENTWRAP',
      location: at('fixtures/handles/fs-watch.mjs', 4, 'fs.watch('),
    });
  });

  test('fs.promises FileHandle never closed', async ({ expect }) => {
    const { code, stdout, report } = await runFixture('fixtures/handles/file-handle.mjs');
    expect(code).toBe(0);
    expect(stdout).toBe('opened fd number\n');
    expect(report?.processes[0]?.exit.reason).toBe('exit');
    expect(report?.tasks, summarize(report)).toHaveLength(1);
    // Node creates FILEHANDLE from C++ with no JS stack and trigger id 0 when open() resolves: the
    // location must still be the open( line. A FileHandle does not keep the loop alive, so ref'd-ness
    // and severity are left to the tracker.
    expect(report?.tasks[0]).toMatchObject({
      kind: 'handle',
      type: 'FILEHANDLE',
      state: 'pending',
      count: 1,
      location: at('fixtures/handles/file-handle.mjs', 4, 'open('),
    });
  });

  test('a FileHandle opened beside another fs.promises call is located at its own open()', async ({ expect }) => {
    // The stat() request starts after the open() one: the FileHandle must not take its stack.
    const file = 'fixtures/handles/file-handle-beside-stat.mjs';
    const { code, stdout, report } = await runFixture(file);
    expect(code).toBe(0);
    expect(stdout).toBe('opened fd number\n');
    expect(report?.tasks, summarize(report)).toHaveLength(1);
    expect(report?.tasks[0]).toMatchObject({ type: 'FILEHANDLE', count: 1, location: at(file, 5, 'open(') });
  });

  test('a FileHandle opened past the capture budget is reported without a location', async ({ expect }) => {
    // Handles without a user frame are taken for Node's or a library's own and left out; a
    // FileHandle never is Node's while open, so one with no stack at all is reported as such.
    const { code, stdout, report } = await runFixture('fixtures/handles/file-handle-past-budget.mjs');
    expect(code).toBe(0);
    expect(stdout).toBe('opened fd number\n');
    expect(report?.tasks, summarize(report)).toHaveLength(1);
    expect(report?.tasks[0]).toMatchObject({
      type: 'FILEHANDLE',
      count: 1,
      unrecorded: 1,
      location: null,
      stack: [],
      description: 'FileHandle (open) (no stack: past the capture budget)',
    });
  });

  test('HTTP request in flight', async ({ expect }) => {
    const file = 'fixtures/handles/http-request.mjs';
    const { code, stdout, report } = await runFixture(file);
    expect(code).toBe(0);
    expect(stdout).toBe('request in flight\n');
    expect(report?.processes[0]?.exit.reason).toBe('exit');
    // The server (and its side of the connection) linger too; what matters here is the request.
    const requests = byType(report, 'HTTPCLIENTREQUEST');
    expect(requests, summarize(report)).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      kind: 'handle',
      state: 'pending',
      severity: 'error',
      count: 1,
      location: at(file, 8, 'http.get('),
    });
  });

  test('HTTP request in flight on a socket a keep-alive agent reused', async ({ expect }) => {
    const file = 'fixtures/handles/http-keep-alive-reuse.mjs';
    const { code, stdout, report } = await runFixture(file);
    expect(code).toBe(0);
    expect(stdout).toBe('third request in flight\n');
    const requests = byType(report, 'HTTPCLIENTREQUEST');
    expect(requests, summarize(report)).toHaveLength(1);
    // Located at the third request, not at the first one that made the socket.
    expect(requests[0]).toMatchObject({ count: 1, location: at(file, 17, 'http.get(url, { agent });') });
    // One client socket, however many requests it carried.
    const clientSockets = allTasks(report).filter(
      (t) => t.type === 'TCPWRAP' && !t.description.startsWith('connection'),
    );
    expect(clientSockets.map((t) => t.count)).toEqual([1]);
  });

  test('a connection still open after server.close(): the closing server and both ends', async ({ expect }) => {
    const file = 'fixtures/handles/accepted-after-close.mjs';
    const { code, stdout, report } = await runFixture(file);
    expect(code).toBe(0);
    expect(stdout).toBe('closed true\n');
    const servers = byType(report, 'TCPSERVERWRAP');
    expect(servers, summarize(report)).toHaveLength(1);
    expect(servers[0]).toMatchObject({
      ...active,
      description: 'net.Server closing: waiting for 1 connection',
      location: at(file, 7, 'server.listen('),
    });
    // The connection it waits for, named by both ends, is its chain (not a task of its own).
    const [connection] = servers[0]!.chain;
    expect(connection).toMatchObject({ type: 'TCPWRAP', refed: true, location: at(file, 7, 'server.listen(') });
    expect(connection?.description).toMatch(
      /^connection accepted by net\.Server on 127\.0\.0\.1:(\d+) from 127\.0\.0\.1:(\d+)$/,
    );
    // The client's end is the program's too, where it connected.
    expect(
      byType(report, 'TCPWRAP').map((task) => [task.description.replace(/\d+$/, 'N'), task.location?.line]),
    ).toEqual([['net.Socket connected to 127.0.0.1:N', 9]]);
  });

  test('an HTTP server closed with a request in flight on a keep-alive connection', async ({ expect }) => {
    const file = 'fixtures/handles/http-server-closing.mjs';
    const { stdout, report } = await runFixture(file);
    expect(stdout).toBe('closing\n');
    const [server] = byType(report, 'TCPSERVERWRAP');
    expect(server).toMatchObject({ description: 'http.Server closing: waiting for 1 connection', ...active });
    expect(server?.chain.map((link) => link.description.replace(/:\d+/g, ':N'))).toEqual([
      'connection accepted by http.Server on 127.0.0.1:N from 127.0.0.1:N, a request in flight',
    ]);
    expect(byType(report, 'HTTPCLIENTREQUEST').map((task) => task.location?.line)).toEqual([8]);
  });
});
