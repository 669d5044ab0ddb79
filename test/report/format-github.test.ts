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
        '::fetch 50%25%0Aof host:80, again (2 tasks in pids 1, 2)%0Ahint: close it\n',
    );
  });

  it('uses ::warning for warnings and leaves out file properties without a location', () => {
    const out = formatGithub(report([task({ severity: 'warning', refed: false, location: null, stack: [] })]));
    expect(out).toBe(
      "::warning title=lingering%3A Timer was still pending at exit!::setInterval(…, 1000) (1 task in pid 100)%0Aunref'd: it does not keep the process alive%0Ahint: clearTimeout()/clearInterval() it, or .unref() it if it must not keep the process alive\n",
    );
  });

  it('prints nothing for a clean report', () => {
    expect(formatGithub(report([]))).toBe('');
  });
});
