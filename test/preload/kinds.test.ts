// The preload's kinds (src/preload/kinds/) and the words users read about them (src/report/kinds.ts)
// must not drift apart: every type a kind can report has a noun and a hint of its own, and no row
// of the table names a type the preload never reports.
import { describe, expect, it } from 'vitest';
import { kindOf, REPORTED_KINDS } from '../../src/preload/kinds/index.js';
import { ignored } from '../../src/preload/kinds/ignored.js';
import { other } from '../../src/preload/kinds/other.js';
import { HANDLE_KINDS } from '../../src/report/kinds.js';

describe('resource kinds', () => {
  it('every reported type has its own noun and hint', () => {
    const types = REPORTED_KINDS.flatMap((kind) => kind.types);
    expect(types.length).toBeGreaterThan(10);
    expect(types.filter((type) => HANDLE_KINDS[type] === undefined)).toEqual([]);
  });

  it('every row of the table is a type the preload can report', () => {
    for (const type of Object.keys(HANDLE_KINDS)) {
      const kind = kindOf(type);
      expect(kind, type).not.toBe(ignored);
      expect(REPORTED_KINDS.includes(kind) || kind === other, type).toBe(true);
    }
  });

  it('each type belongs to one kind', () => {
    const seen = new Map<string, number>();
    for (const type of [...REPORTED_KINDS, ignored].flatMap((kind) => kind.types)) {
      seen.set(type, (seen.get(type) ?? 0) + 1);
    }
    expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
  });
});
