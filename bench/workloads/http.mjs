// (c) HTTP on loopback: a node:http JSON server and a keep-alive client, ~10k requests, 16 in flight.
// Everything is closed at the end and the process exits by itself.
import { createServer, request, Agent } from 'node:http';
import { scaled } from './scale.mjs';

const REQUESTS = scaled(10_000);
const CONCURRENCY = 16;

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const { id, items } = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const body = JSON.stringify({ id, total: items.reduce((a, b) => a + b, 0), path: req.url });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function call(id) {
  const payload = JSON.stringify({ id, items: [id, id % 7, id % 13] });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: `/items/${id}`,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve(JSON.parse(text)));
        res.on('error', reject);
      },
    );
    req.setTimeout(5_000, () => req.destroy(new Error(`request ${id} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

let next = 0;
let sum = 0;
async function client() {
  while (next < REQUESTS) {
    const id = next++;
    const reply = await call(id);
    if (reply.id !== id) throw new Error(`reply for ${reply.id}, expected ${id}`);
    sum = (sum + reply.total) % 1_000_000_007;
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, client));
agent.destroy();
await new Promise((resolve) => server.close(resolve));
console.log(`checksum http requests=${REQUESTS} sum=${sum}`);
