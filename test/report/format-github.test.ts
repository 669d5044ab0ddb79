import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, formatGithub } from '../../src/report/index.js';
import { report, task } from './helpers.js';

describe('formatGithub', () => {
  it('escapes data and properties as the Actions toolkit does', () => {
    expect(escapeData('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext: a,b');
    expect(escapeProperty('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext%3A a%2Cb');
  });

  it('escapes a description with %, newline, comma and colon in the message and file', () => {
    const leak = task({
      description: 'fetch 50%\nof host:80, again',
      location: { file: 'src/a,b:c.ts', line: 3, column: 7 },
      pids: [1, 2],
      count: 2,
      hint: 'close it',
    });
    expect(formatGithub(report([leak], []))).toBe(
      '::error file=src/a%2Cb%3Ac.ts,line=3,col=7,title=lingering%3A Timer was still pending at exit!' +
        '::fetch 50%25%0Aof host:80, again (2 tasks)%0Ahint: close it\n',
    );
  });

  it('uses ::warning for warnings and leaves out file properties without a location', () => {
    const out = formatGithub(report([task({ severity: 'warning', refed: false, location: null, stack: [] })]));
    expect(out).toBe(
      "::warning title=lingering%3A Timer was still pending at exit!::setInterval(…, 1000) (1 task)%0Aunref'd: it does not keep the process alive%0Ahint: clearTimeout()/clearInterval() it when done: it is unref'd already, and its callback never runs after exit\n",
    );
  });

  it('annotates the test that leaked it and the line that created it, with the same text every run', () => {
    const test = { file: 'test/poller.test.ts', name: 'poller > starts', line: 12 };
    const leak = task({
      description: 'net.Server listening on 127.0.0.1:40123',
      location: { file: 'src/poller.ts', line: 4, column: 3 },
      pids: [4242],
      test,
    });
    const lines = formatGithub(report([leak]))
      .trimEnd()
      .split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^::error file=test\/poller.test.ts,line=12,title=lingering%3A Timer was still pending at exit! \(poller > starts\)::/,
    );
    expect(lines[1]).toMatch(
      /^::error file=src\/poller.ts,line=4,col=3,title=lingering%3A Timer was still pending at exit!::/,
    );
    const text = lines[0]!.split('::')[2]!;
    expect(text).toBe(lines[1]!.split('::')[2]);
    expect(text).toContain('net.Server listening on 127.0.0.1 (1 task)%0Ain test/poller.test.ts: poller > starts');
    expect(text).not.toMatch(/4242|40123/);
    // Created on the test's own line: one annotation.
    const inTest = task({ location: { file: test.file, line: 12, column: 5 }, test });
    expect(
      formatGithub(report([inTest]))
        .trimEnd()
        .split('\n'),
    ).toHaveLength(1);
  });

  it('prints nothing for a clean report', () => {
    expect(formatGithub(report([]))).toBe('');
  });
});
