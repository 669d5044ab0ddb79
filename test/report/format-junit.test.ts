import { describe, expect, it } from 'vitest';
import { escapeXml, escapeXmlAttribute, formatJunit } from '../../src/report/index.js';
import { report, task } from './helpers.js';

describe('formatJunit', () => {
  it('escapes <, &, quotes and characters XML cannot hold', () => {
    expect(escapeXml(`a < b && "c" 'd' > e`)).toBe('a &lt; b &amp;&amp; &quot;c&quot; &apos;d&apos; &gt; e');
    expect(escapeXml('\u001b[31mred\u001b[39m')).toBe('\uFFFD[31mred\uFFFD[39m');
    expect(escapeXmlAttribute('a\nb\tc\rd')).toBe('a&#10;b&#9;c&#13;d');
  });

  it('escapes task text in names, messages and bodies', () => {
    const leak = task({
      description: 'fetch("/a?x=1&y=<2>")',
      location: { file: "src/it's.ts", line: 4, column: 2 },
      stack: [],
      hint: 'abort it & retry',
    });
    const xml = formatJunit(report([leak]));
    expect(xml).toContain('<testsuite name="lingering" tests="1" failures="1" errors="0" skipped="0" time="0">');
    expect(xml).toContain(
      '<testcase classname="src/it&apos;s.ts" name="Timer was still pending at exit! fetch(&quot;/a?x=1&amp;y=&lt;2&gt;&quot;)" file="src/it&apos;s.ts" line="4" time="0">',
    );
    expect(xml).toContain('  fetch(&quot;/a?x=1&amp;y=&lt;2&gt;&quot;)\n');
    expect(xml).toContain('  hint: abort it &amp; retry</failure>');
    expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;|#\d+;)/);
  });

  it('keeps warnings passing unless strict', () => {
    const warning = report([task({ severity: 'warning', refed: false })]);
    expect(formatJunit(warning)).toContain('failures="0"');
    expect(formatJunit(warning)).toContain('<system-out>warning: Timer was still pending at exit!');
    expect(formatJunit(warning, { strict: true })).toContain('failures="1"');
  });

  it('has one passing test case when clean', () => {
    expect(formatJunit(report([]))).toContain('<testcase classname="lingering" name="no lingering tasks" time="0"/>');
  });

  it("puts a test's leaks on that test's testcase, named as its runner's JUnit reporter names it", () => {
    const test = {
      file: 'leaks.test.js',
      name: 'poller > starts',
      line: 6,
      runner: 'vitest',
      junit: { classname: 'leaks.test.js', name: 'poller > starts' },
    };
    const xml = formatJunit(
      report([task({ test }), task({ test, type: 'Immediate', description: 'setImmediate(…)' })]),
    );
    const cases = xml.match(/<testcase [^>]*>/g) ?? [];
    expect(cases).toEqual([
      '<testcase classname="leaks.test.js" name="poller &gt; starts" file="leaks.test.js" line="6" time="0">',
    ]);
    expect(xml).toContain('failures="1"');
    expect(xml).toContain('Timer was still pending at exit! setInterval(…, 1000); Immediate was still pending');
  });
});
