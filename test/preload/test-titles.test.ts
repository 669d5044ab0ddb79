// lineOfTitles: where a test a report names was written, found from its titles in the file's source
// (vitest without includeTaskLocation).
import { describe, expect, it } from 'vitest';
import { lineOfTitles } from '../../src/preload/runners/test-ref.js';
import { at } from '../helpers/run-preload.js';

const FILE = 'fixtures/runners/titles/titles.test.mjs';
const line = (n: number, code: string): number => at(FILE, n, code).line;

describe('lineOfTitles', () => {
  it("finds a test by its describe's title and its own, each an argument after `(`", () => {
    expect(lineOfTitles(FILE, ['store', 'saves'])).toBe(line(5, "it('saves'"));
    // The title on a line of its own, after `it(`.
    expect(lineOfTitles(FILE, ['store', 'loads'])).toBe(line(7, "'loads',"));
    // The same title in a later describe, in double quotes; the literal 'saves' passed to save() is no title.
    expect(lineOfTitles(FILE, ['cache', 'saves'])).toBe(line(14, 'it("saves"'));
    expect(lineOfTitles(FILE, ['store'])).toBe(line(4, "describe('store'"));
  });

  it('finds nothing for a title that is not written literally, or in a file it cannot read', () => {
    expect(lineOfTitles(FILE, ['cache', 'doubles 1'])).toBeUndefined();
    expect(lineOfTitles(FILE, ['nowhere'])).toBeUndefined();
    expect(lineOfTitles('fixtures/runners/titles/missing.test.mjs', ['store'])).toBeUndefined();
  });
});
