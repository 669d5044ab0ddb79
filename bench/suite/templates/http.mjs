// Suite files of kind "http": HTTP handlers on loopback (a JSON API on node:http, called with fetch or http.request).
import { header } from './header.mjs';

export const template = (i) => `${header('http', i)}import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTodoApp, listen } from '../src/api.mjs';

const COUNT = ${8 + i * 2};
let app;

beforeAll(async () => {
  app = await listen(createTodoApp());
});
afterAll(() => app.close());

${
  i % 2 === 0
    ? `async function send(method, path, body) {
  const res = await fetch(app.url + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}`
    : `function send(method, path, body) {
  const payload = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(app.url + path, { method, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: text ? JSON.parse(text) : null }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}`
}

describe('todo API (${i})', () => {
  it('starts empty', async () => {
    expect(await send('GET', '/todos')).toEqual({ status: 200, body: [] });
  });

  it('creates todos one by one with increasing ids', async () => {
    for (let n = 1; n <= COUNT; n++) {
      const { status, body } = await send('POST', '/todos', { title: \` task \${n} \`, tags: ['t${i}'] });
      expect(status).toBe(201);
      expect(body).toEqual({ id: n, title: \`task \${n}\`, done: false, tags: ['t${i}'] });
    }
  });

  it('creates todos concurrently', async () => {
    const replies = await Promise.all(
      Array.from({ length: COUNT }, (_, n) => send('POST', '/todos', { title: \`parallel \${n}\` })),
    );
    expect(replies.every((r) => r.status === 201)).toBe(true);
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(COUNT);
    const list = await send('GET', '/todos');
    expect(list.body).toHaveLength(COUNT * 2);
  });

  it('rejects a body that is not JSON', async () => {
    expect(await send('POST', '/todos', '{"title":')).toEqual({ status: 400, body: { error: 'invalid JSON body' } });
  });

  it('rejects a todo without a title', async () => {
    expect(await send('POST', '/todos', { title: '  ' })).toEqual({ status: 400, body: { error: 'title is required' } });
  });

  it('answers 404 for an unknown todo and an unknown route', async () => {
    expect((await send('GET', '/todos/9999')).status).toBe(404);
    expect(await send('GET', '/nope')).toEqual({ status: 404, body: { error: 'no route for GET /nope' } });
  });

  it('patches a todo and filters by done', async () => {
    for (let id = 1; id <= ${1 + (i % 4)}; id++) {
      expect((await send('PATCH', \`/todos/\${id}\`, { done: true })).body.done).toBe(true);
    }
    const done = await send('GET', '/todos?done=true');
    expect(done.body.map((t) => t.id)).toEqual(${JSON.stringify(Array.from({ length: 1 + (i % 4) }, (_, k) => k + 1))});
  });

  it('deletes a todo', async () => {
    expect((await send('DELETE', '/todos/1')).status).toBe(204);
    expect((await send('GET', '/todos/1')).status).toBe(404);
    expect((await send('DELETE', '/todos/1')).status).toBe(404);
  });
});
`;
