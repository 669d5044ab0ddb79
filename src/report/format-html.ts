// `--html <path>`: the merged report as one self-contained page (no network, no external assets: a
// CI artifact opened anywhere). Rendered here as static HTML, so it reads without scripts and
// file:line copies as text; a small inline script only filters by severity and kind.
// Grouped by process, then by test file; each task with its await tree and its folded stack; a
// timeline per process of when each task was made in the process's life.
import { awaitTreeLines } from './await-tree.js';
import { groupByTest, testLabel } from './by-test.js';
import { formatCommand } from './command-label.js';
import { formatFrame } from './format-text.js';
import { summarize } from './gate.js';
import { headline } from './headline.js';
import { hintFor } from './kinds.js';
import { processNotes } from './process-notes.js';
import { formatAge, plural } from './text.js';
import type { ProcessInfo, Report, Task } from './types.js';

export interface HtmlOptions {
  /** The directory the report was made in: command lines show paths relative to it. */
  cwd?: string;
  /** Shown in the page's title and heading ("lingering -- npm test"). */
  title?: string;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#f6f8fa;overflow-wrap:anywhere}
main{max-width:1200px;margin:0 auto;padding:16px}
h1{font-size:1.35em;margin:0 0 4px;overflow-wrap:anywhere}
h2{font-size:1.1em;margin:0;overflow-wrap:anywhere}
h3{font-size:1em;margin:16px 0 8px;overflow-wrap:anywhere}
code,pre{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{margin:6px 0;padding:8px;background:#f6f8fa;border-radius:6px;overflow-x:auto;white-space:pre;overflow-wrap:normal}
.summary{color:#57606a;margin:0 0 12px}
.filters{display:flex;flex-wrap:wrap;gap:8px 16px;padding:10px 12px;background:#fff;border:1px solid #d0d7de;border-radius:8px;margin-bottom:16px;position:sticky;top:0;z-index:1}
.filters label{white-space:nowrap;cursor:pointer}
.process{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px 16px;margin-bottom:16px}
.meta{color:#57606a;font-size:.9em;overflow-wrap:anywhere}
.timeline{position:relative;height:28px;margin:10px 0 4px;background:linear-gradient(#d0d7de,#d0d7de) 0 50%/100% 2px no-repeat}
.timeline .mark{position:absolute;top:4px;width:10px;height:20px;margin-left:-5px;border-radius:3px;background:#cf222e;opacity:.8}
.timeline .mark.warning{background:#9a6700}
.axis{display:flex;justify-content:space-between;color:#57606a;font-size:.8em}
.task{border-left:4px solid #cf222e;padding:6px 10px;margin:10px 0;background:#fff}
.task.warning{border-left-color:#9a6700}
.task .head{font-weight:600;overflow-wrap:anywhere}
.task.error .sev{color:#cf222e}
.task.warning .sev{color:#9a6700}
.task .what{overflow-wrap:anywhere}
.task .loc{color:#0550ae}
.hint{color:#0a3069}
details summary{cursor:pointer;color:#57606a}
.notes{color:#9a6700}
[hidden]{display:none!important}
@media (max-width:600px){main{padding:8px}.process{padding:10px}body{font-size:14px}pre{font-size:12px}}
`;

// Filters: a task is shown when its severity and its kind are both ticked.
const SCRIPT = `
(function(){
  var boxes=document.querySelectorAll('.filters input');
  function apply(){
    var on={};
    boxes.forEach(function(b){on[b.value]=b.checked});
    document.querySelectorAll('.task').forEach(function(t){
      t.hidden=!(on[t.dataset.severity]&&on[t.dataset.kind]);
    });
    document.querySelectorAll('.timeline .mark').forEach(function(m){
      m.hidden=!(on[m.dataset.severity]&&on[m.dataset.kind]);
    });
    document.querySelectorAll('.group').forEach(function(g){
      g.hidden=!g.querySelector('.task:not([hidden])');
    });
    var shown=document.querySelectorAll('.task:not([hidden])').length;
    document.getElementById('shown').textContent=shown+' shown';
  }
  boxes.forEach(function(b){b.addEventListener('change',apply)});
  apply();
})();
`;

export function formatHtml(report: Report, opts: HtmlOptions = {}): string {
  const summary = summarize(report);
  const title = opts.title ?? 'lingering report';
  const total = summary.errors + summary.warnings;
  const counts = `${plural(total, 'task')} pending (${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}) in ${plural(summary.processes, 'process', 'processes')}${summary.threads ? `, ${plural(summary.threads, 'worker thread')}` : ''}`;
  const kinds = new Set(report.tasks.map((t) => t.kind));
  const filter = (value: string, label: string): string =>
    `<label><input type="checkbox" value="${value}" checked> ${label}</label>`;
  const filters = [
    filter('error', 'errors'),
    filter('warning', 'warnings'),
    filter('promise', 'tasks (promises)'),
    filter('handle', 'handles'),
    `<span id="shown" class="meta"></span>`,
  ];
  const notes = processNotes(report, { cwd: opts.cwd });
  const body = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="summary">${escapeHtml(counts)}</p>`,
    kinds.size > 0 || total > 0
      ? `<div class="filters" role="group" aria-label="filters">${filters.join('')}</div>`
      : '',
    notes.length > 0 ? `<div class="notes">${notes.map((n) => `<p>${escapeHtml(n.text)}</p>`).join('')}</div>` : '',
    ...processSections(report, opts),
  ];
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing may load from anywhere: the page is all there is.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    `<main>${body.filter(Boolean).join('\n')}</main>`,
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** A process and its threads, by pid; those with tasks first. */
function processSections(report: Report, opts: HtmlOptions): string[] {
  const byPid = new Map<number, ProcessInfo[]>();
  for (const p of report.processes) {
    const list = byPid.get(p.pid);
    if (list) list.push(p);
    else byPid.set(p.pid, [p]);
  }
  const tasksOf = (pid: number): Task[] => report.tasks.filter((t) => t.pids.includes(pid));
  const pids = [...byPid.keys()].sort(
    (a, b) => Number(tasksOf(a).length === 0) - Number(tasksOf(b).length === 0) || a - b,
  );
  return pids.map((pid) => processSection(byPid.get(pid)!, tasksOf(pid), opts));
}

function processSection(threads: ProcessInfo[], tasks: Task[], opts: HtmlOptions): string {
  const main = threads.find((p) => !p.threadId) ?? threads[0]!;
  const command = formatCommand(main.argv, { cwd: opts.cwd });
  const exit = main.exit;
  const ended =
    exit.reason === 'running'
      ? 'running'
      : `${exit.reason}${exit.code !== null ? ` (code ${exit.code})` : ''}${exit.signal ? ` (${exit.signal})` : ''}`;
  const workers = threads.filter((p) => p.threadId).length;
  const meta = [
    `pid ${main.pid}`,
    `exit: ${ended}`,
    main.uptimeMs !== undefined ? `ran ${formatAge(main.uptimeMs)}` : '',
    main.runner ? `${main.runner} tests` : '',
    workers > 0 ? plural(workers, 'worker thread') : '',
    plural(tasks.length, 'entry', 'entries'),
  ].filter(Boolean);
  const parts = [
    `<section class="process" id="pid-${main.pid}">`,
    `<h2><code>${escapeHtml(command)}</code></h2>`,
    `<div class="meta">${escapeHtml(meta.join(' · '))}</div>`,
    timeline(main, tasks),
  ];
  const byTest = groupByTest(tasks);
  for (const file of byTest.files) {
    parts.push(`<div class="group"><h3>${escapeHtml(file.file)}</h3>`);
    for (const { test, tasks: own } of file.tests) {
      const where = test.line === undefined ? '' : ` (${file.file}:${test.line})`;
      parts.push(`<div class="group"><div class="meta">${escapeHtml(testLabel(test) + where)}</div>`);
      parts.push(...own.map(taskBlock), '</div>');
    }
    parts.push('</div>');
  }
  if (byTest.outside.length > 0) {
    parts.push(`<div class="group">${byTest.files.length > 0 ? '<h3>outside any test</h3>' : ''}`);
    parts.push(...byTest.outside.map(taskBlock), '</div>');
  }
  if (tasks.length === 0) parts.push('<p class="meta">nothing pending</p>');
  parts.push('</section>');
  return parts.join('\n');
}

/** When each task was made, on the process's life from start to report. */
function timeline(p: ProcessInfo, tasks: Task[]): string {
  const life = p.uptimeMs;
  const timed = tasks.filter((t) => t.ageMs !== undefined);
  if (life === undefined || life <= 0 || timed.length === 0) return '';
  const marks = timed.map((t) => {
    const born = Math.min(Math.max(life - t.ageMs!, 0), life);
    const pct = ((born / life) * 100).toFixed(2);
    const where = t.location ? ` at ${t.location.file}:${t.location.line}` : '';
    const label = `${t.description}${where}, made ${formatAge(born)} after start`;
    return `<span class="mark ${t.severity}" data-severity="${t.severity}" data-kind="${t.kind}" style="left:${pct}%" title="${escapeHtml(label)}"></span>`;
  });
  return [
    `<div class="timeline" role="img" aria-label="when each task was made, from the process's start to its report">${marks.join('')}</div>`,
    `<div class="axis"><span>start</span><span>${escapeHtml(formatAge(life))}</span></div>`,
  ].join('');
}

function taskBlock(task: Task): string {
  const count = task.count > 1 ? ` ×${task.count}` : '';
  const loc = task.location ? `${task.location.file}:${task.location.line}` : '';
  const status = [
    task.kind === 'handle' ? (task.refed ? "ref'd" : "unref'd") : '',
    task.ageMs !== undefined ? `alive ${formatAge(task.ageMs)}` : '',
    task.pids.length > 1 ? `pids ${task.pids.join(', ')}` : '',
  ].filter(Boolean);
  const tree = awaitTreeLines(task);
  const frames = task.stack.map((f) => `  ${formatFrame(f)}`);
  if (task.foldedFrames) frames.push(`  … ${plural(task.foldedFrames, 'frame')} folded (node internals, node_modules)`);
  return [
    `<article class="task ${task.severity}" data-severity="${task.severity}" data-kind="${task.kind}">`,
    `<div class="head"><span class="sev">${task.severity}</span>: ${escapeHtml(headline(task))}${count}</div>`,
    `<div class="what">${escapeHtml(task.description)}${status.length ? ` <span class="meta">· ${escapeHtml(status.join(' · '))}</span>` : ''}</div>`,
    loc
      ? `<div>${task.suspendedAt ? 'called at' : 'created at'} <code class="loc">${escapeHtml(loc)}</code></div>`
      : '',
    tree.length > 0 ? `<pre class="tree">${escapeHtml(tree.join('\n'))}</pre>` : '',
    frames.length > 0
      ? `<details><summary>creation stack (${plural(task.stack.length, 'frame')})</summary><pre>${escapeHtml(frames.join('\n'))}</pre></details>`
      : '',
    `<div class="hint">hint: ${escapeHtml(task.hint ?? hintFor(task))}</div>`,
    '</article>',
  ]
    .filter(Boolean)
    .join('\n');
}
