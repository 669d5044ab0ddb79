// The code under test for the HTTP suites: a small JSON API (todos) on node:http.
import { createServer } from 'node:http';

export class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    throw new HttpError(400, 'invalid JSON body');
  }
}

export function createTodoApp() {
  const todos = new Map();
  let nextId = 1;
  const routes = {
    'GET /todos': async () => [...todos.values()],
    'POST /todos': async (req) => {
      const body = await readJson(req);
      if (typeof body.title !== 'string' || body.title.trim() === '') throw new HttpError(400, 'title is required');
      const todo = { id: nextId++, title: body.title.trim(), done: false, tags: body.tags ?? [] };
      todos.set(todo.id, todo);
      return [201, todo];
    },
    'GET /todos/:id': async (_req, id) => {
      const todo = todos.get(id);
      if (!todo) throw new HttpError(404, `todo ${id} not found`);
      return todo;
    },
    'PATCH /todos/:id': async (req, id) => {
      const todo = todos.get(id);
      if (!todo) throw new HttpError(404, `todo ${id} not found`);
      Object.assign(todo, await readJson(req));
      return todo;
    },
    'DELETE /todos/:id': async (_req, id) => {
      if (!todos.delete(id)) throw new HttpError(404, `todo ${id} not found`);
      return [204, null];
    },
  };
  return async function handler(req, res) {
    const url = new URL(req.url, 'http://localhost');
    const match = /^\/todos\/(\d+)$/.exec(url.pathname);
    const key = `${req.method} ${match ? '/todos/:id' : url.pathname}`;
    try {
      const route = routes[key];
      if (!route) throw new HttpError(404, `no route for ${key}`);
      let result = await route(req, match ? Number(match[1]) : undefined);
      let status = 200;
      if (Array.isArray(result) && typeof result[0] === 'number') [status, result] = result;
      if (status === 204) return void res.writeHead(204).end();
      if (url.searchParams.get('done') && Array.isArray(result)) {
        result = result.filter((t) => String(t.done) === url.searchParams.get('done'));
      }
      const body = JSON.stringify(result);
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 500;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: error.message }));
    }
  };
}

/** Starts the app on an ephemeral loopback port. */
export async function listen(handler) {
  const server = createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
