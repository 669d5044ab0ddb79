// Suite files of kind "json": JSON logic (schema validation, stable stringify, deep merge over generated records).
import { header } from './header.mjs';

export const template = (i) => `${header('json', i)}import { describe, expect, it } from 'vitest';
import { deepMerge, makeRecords, stableStringify, validate } from '../src/schema.mjs';

const userSchema = {
  type: 'object',
  required: ['id', 'name', 'email', 'age', 'role'],
  properties: {
    id: { type: 'integer', minimum: 1 },
    name: { type: 'string' },
    email: { type: 'string', pattern: '^[^@]+@[^@]+\\\\.[a-z]+$' },
    age: { type: 'integer', minimum: 18 },
    role: { enum: ['admin', 'editor', 'viewer'] },
    tags: { type: 'array', items: { type: 'string' } },
    address: { type: 'object', required: ['city'], properties: { city: { type: 'string' }, zip: { type: 'string' } } },
  },
};
const records = makeRecords(${200 + i * 100}, ${i + 1});

describe('JSON records (${i})', () => {
  it('validates every generated record', () => {
    expect(records.flatMap((r) => validate(userSchema, r))).toEqual([]);
  });

  it('reports every problem of an invalid record with its path', () => {
    const bad = { id: 0, name: 42, email: 'nope', role: 'owner', tags: ['a', 1], address: {} };
    expect(validate(userSchema, bad)).toEqual([
      '$.age: required',
      '$.id: below 1',
      '$.name: expected string, got number',
      '$.email: does not match ^[^@]+@[^@]+\\\\.[a-z]+$',
      '$.role: not one of admin, editor, viewer',
      '$.tags[1]: expected string, got number',
      '$.address.city: required',
    ]);
  });

  it('survives a JSON round trip', () => {
    const text = JSON.stringify(records);
    expect(JSON.parse(text)).toEqual(records);
    expect(text.length).toBeGreaterThan(${(200 + i * 100) * 100});
  });

  it('stringifies stably whatever the key order', () => {
    const shuffled = records.map((r) => Object.fromEntries(Object.entries(r).reverse()));
    expect(shuffled.map(stableStringify)).toEqual(records.map(stableStringify));
    expect(stableStringify({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
  });

  it('groups and aggregates', () => {
    const byRole = {};
    for (const r of records) (byRole[r.role] ??= []).push(r);
    expect(Object.keys(byRole).sort()).toEqual(['admin', 'editor', 'viewer']);
    expect(byRole.admin.length + byRole.editor.length + byRole.viewer.length).toBe(records.length);
    const mean = records.reduce((sum, r) => sum + r.age, 0) / records.length;
    expect(mean).toBeGreaterThan(18);
    expect(mean).toBeLessThan(98);
  });

  it('deep-merges configuration layers', () => {
    const base = { server: { port: 8080, host: 'localhost', tls: { enabled: false } }, features: ['a'] };
    const env = { server: { port: ${3000 + i}, tls: { enabled: true, cert: 'x.pem' } }, features: ['b'] };
    expect(deepMerge(base, env)).toEqual({
      server: { port: ${3000 + i}, host: 'localhost', tls: { enabled: true, cert: 'x.pem' } },
      features: ['b'],
    });
    expect(base.server.port).toBe(8080);
  });

  it('matches records by shape', () => {
    expect(records[${i}]).toMatchObject({ id: ${i + 1}, name: 'user-${i + 1}-${i}', address: { zip: '${10000 + i}' } });
  });
});
`;
