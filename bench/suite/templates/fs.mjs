// Suite files of kind "fs": fs on temp files (a JSON document store in a mkdtemp directory).
import { header } from './header.mjs';

export const template = (i) => `${header('fs', i)}import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileStore } from '../src/store.mjs';

const KEYS = ${20 + i * 5};
let dir;
let store;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lingering-suite-fs-'));
  store = await new FileStore(join(dir, 'db')).init();
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('FileStore (${i})', () => {
  it('round-trips a document', async () => {
    const doc = { name: 'config-${i}', nested: { list: [1, 2, 3], flag: ${i % 2 === 0} } };
    await store.set('config', doc);
    expect(await store.get('config')).toEqual(doc);
  });

  it('answers undefined for a missing key', async () => {
    expect(await store.get('missing')).toBeUndefined();
  });

  it('lists keys sorted after many writes', async () => {
    const keys = Array.from({ length: KEYS }, (_, n) => \`k\${String(n).padStart(3, '0')}\`);
    for (const key of [...keys].reverse()) await store.set(key, { key });
    expect(await store.keys()).toEqual(keys);
  });

  it('writes concurrently without losing a document', async () => {
    await Promise.all(Array.from({ length: KEYS }, (_, n) => store.set(\`p\${n}\`, { n, payload: 'x'.repeat(${64 * (i + 1)}) })));
    const docs = await Promise.all(Array.from({ length: KEYS }, (_, n) => store.get(\`p\${n}\`)));
    expect(docs.map((d) => d.n)).toEqual(Array.from({ length: KEYS }, (_, n) => n));
  });

  it('updates a counter in sequence', async () => {
    for (let n = 0; n < ${10 + i}; n++) await store.update('counter', (c = { value: 0 }) => ({ value: c.value + 1 }));
    expect(await store.get('counter')).toEqual({ value: ${10 + i} });
  });

  it('leaves no temporary files behind', async () => {
    await Promise.all([store.set('a', 1), store.set('b', 2), store.set('a', 3)]);
    const names = await readdir(join(dir, 'db'));
    expect(names.sort()).toEqual(['a.json', 'b.json']);
    expect((await stat(join(dir, 'db', 'a.json'))).size).toBeGreaterThan(0);
  });

  it('deletes a key and rejects an invalid one', async () => {
    await store.set('gone', { x: 1 });
    await store.delete('gone');
    expect(await store.get('gone')).toBeUndefined();
    await expect(store.set('../escape', 1)).rejects.toThrow('invalid key: ../escape');
  });
});
`;
