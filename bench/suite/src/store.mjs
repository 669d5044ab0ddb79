// The code under test for the fs suites: a JSON document store, one file per key, atomic writes.
import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export class FileStore {
  constructor(dir) {
    this.dir = dir;
    this.writes = 0;
  }

  #path(key) {
    if (!/^[\w-]+$/.test(key)) throw new Error(`invalid key: ${key}`);
    return join(this.dir, `${key}.json`);
  }

  async init() {
    await mkdir(this.dir, { recursive: true });
    return this;
  }

  async set(key, value) {
    const path = this.#path(key);
    const tmp = `${path}.${process.pid}.${this.writes++}.tmp`;
    await writeFile(tmp, JSON.stringify(value, null, 2));
    await rename(tmp, path);
  }

  async get(key) {
    try {
      return JSON.parse(await readFile(this.#path(key), 'utf8'));
    } catch (error) {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async update(key, fn) {
    const next = fn(await this.get(key));
    await this.set(key, next);
    return next;
  }

  async keys() {
    return (await readdir(this.dir))
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -5))
      .sort();
  }

  async delete(key) {
    await rm(this.#path(key), { force: true });
  }
}
