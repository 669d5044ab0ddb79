// JUnit XML, for CI systems that show test reports: each group of identical tasks is a test case.
import { formatTaskBlock } from './format-text.js';
import { headline } from './headline.js';
import { processNotes } from './process-notes.js';
import { shownReport } from './gate.js';
import type { Report, Task } from './types.js';

interface TestCase {
  classname: string;
  name: string;
  file?: string;
  line?: number | undefined;
  /** failure: fails the build; output: passes, text shown; skipped: could not be checked. */
  outcome?: { type: 'failure' | 'output' | 'skipped'; message: string; text: string };
}

/** `cwd`: paths in command lines are shown relative to it where that is shorter. Suppressed tasks
 * are no testcases. */
export function formatJunit(full: Report, opts: { strict?: boolean; cwd?: string } = {}): string {
  const report = shownReport(full);
  const strict = opts.strict === true;
  // A test's leaks go on that test's testcase, named as its runner's own JUnit reporter names it,
  // so that a CI dashboard shows them with the test; the others one testcase each.
  const cases: TestCase[] = [];
  const byTest = new Map<string, Task[]>();
  for (const task of report.tasks) {
    const junit = task.test?.junit;
    if (!junit) {
      cases.push(taskCase(task, strict));
      continue;
    }
    const key = JSON.stringify([junit.classname, junit.name]);
    const list = byTest.get(key);
    if (list) list.push(task);
    else byTest.set(key, [task]);
  }
  for (const tasks of byTest.values()) cases.push(testCase(tasks, strict));
  for (const note of processNotes(report, { cwd: opts.cwd })) {
    if (!note.missingReport) continue;
    cases.push({
      classname: 'lingering',
      name: note.text,
      outcome: { type: 'skipped', message: 'the process left no report', text: '' },
    });
  }
  if (report.tasks.length === 0) cases.push({ classname: 'lingering', name: 'no lingering tasks' });

  const failures = cases.filter((c) => c.outcome?.type === 'failure').length;
  const skipped = cases.filter((c) => c.outcome?.type === 'skipped').length;
  const counts = `tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="lingering" ${counts}>`,
    `  <testsuite name="lingering" ${counts} time="0">`,
    ...cases.flatMap(formatCase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

function taskCase(task: Task, strict: boolean): TestCase {
  const title = `${headline(task)} ${task.description}`;
  // The same block as the text report, uncoloured and unabridged.
  const text = formatTaskBlock(task, { color: false, width: Infinity, verbose: true }).join('\n');
  const failing = task.severity === 'error' || strict;
  return {
    classname: task.location?.file ?? 'lingering',
    name: title,
    ...(task.location ? { file: task.location.file, line: task.location.line } : {}),
    outcome: { type: failing ? 'failure' : 'output', message: title, text },
  };
}

function testCase(tasks: Task[], strict: boolean): TestCase {
  const test = tasks[0]!.test!;
  const failing = tasks.some((task) => task.severity === 'error' || strict);
  const text = tasks
    .map((task) => formatTaskBlock(task, { color: false, width: Infinity, verbose: true }).join('\n'))
    .join('\n\n');
  const message = tasks.map((task) => `${headline(task)} ${task.description}`).join('; ');
  return {
    classname: test.junit!.classname,
    name: test.junit!.name,
    file: test.file,
    ...(test.line === undefined ? {} : { line: test.line }),
    outcome: { type: failing ? 'failure' : 'output', message, text },
  };
}

function formatCase(tc: TestCase): string[] {
  const where =
    (tc.file === undefined ? '' : ` file="${escapeXmlAttribute(tc.file)}"`) +
    (tc.line === undefined ? '' : ` line="${tc.line}"`);
  const open = `    <testcase classname="${escapeXmlAttribute(tc.classname)}" name="${escapeXmlAttribute(tc.name)}"${where} time="0"`;
  const { outcome } = tc;
  if (!outcome) return [`${open}/>`];
  const body =
    outcome.type === 'failure'
      ? `      <failure message="${escapeXmlAttribute(outcome.message)}" type="lingering">${escapeXml(outcome.text)}</failure>`
      : outcome.type === 'skipped'
        ? `      <skipped message="${escapeXmlAttribute(outcome.message)}"/>`
        : `      <system-out>${escapeXml(outcome.text)}</system-out>`;
  return [`${open}>`, body, '    </testcase>'];
}

// Characters XML 1.0 does not allow at all (most C0 controls, e.g. the ESC of an ANSI code,
// lone surrogates, U+FFFE/U+FFFF) cannot be escaped, only replaced.
// eslint-disable-next-line no-control-regex
const INVALID_XML_RE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for element content and for quoted attribute values alike. */
export function escapeXml(text: string): string {
  return (
    text
      .replace(INVALID_XML_RE, '\uFFFD')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // A literal CR is read back as LF (XML end-of-line handling).
      .replace(/\r/g, '&#13;')
  );
}

/** Attribute values: a literal newline or tab would be read back as a space. */
export function escapeXmlAttribute(text: string): string {
  return escapeXml(text).replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}
