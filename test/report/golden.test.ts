import { describe, expect, it } from 'vitest';
import { formatGithub, formatJson, formatJunit, formatText } from '../../src/report/index.js';
import { expectGolden, readGoldenReport } from './helpers.js';

const CASES = ['clean', 'one-interval', 'mixed', 'merged-multi-process'];

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

  it('json round-trips', () => {
    const json = formatJson(report);
    expect(json.endsWith('}\n')).toBe(true);
    expect(json.split('\n')[1]).toBe('  "version": 1,');
    expect(JSON.parse(json)).toEqual(report);
  });
});
