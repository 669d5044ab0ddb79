import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatGithub, formatJson, formatJunit, formatText } from '../../src/report/index.js';
import { validateReport } from '../helpers/schema.js';
import { expectGolden, readGoldenReport } from './helpers.js';

const CASES = ['clean', 'one-interval', 'mixed', 'merged-multi-process', 'suppressed'];

describe.each(CASES)('golden %s', (name) => {
  const report = readGoldenReport(name);

  it('text (no colour, 100 columns)', () => {
    expectGolden(`${name}.txt`, formatText(report, { color: false, width: 100 }));
  });

  it('github', () => {
    expectGolden(`${name}.github.txt`, formatGithub(report));
  });

  it('junit', () => {
    expectGolden(`${name}.junit.xml`, formatJunit(report));
  });

  it('json: the input and formatJson of it match the schema the package ships', () => {
    validateReport(JSON.parse(readFileSync(new URL(`../golden/${name}.json`, import.meta.url), 'utf8')));
    const json = formatJson(report);
    expect(json.split('\n').slice(0, 2)).toEqual(['{', '  "version": 1,']);
    validateReport(JSON.parse(json));
  });
});
