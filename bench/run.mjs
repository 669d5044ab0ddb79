// `npm run bench`: what lingering costs, against plain node and the peers.
//   node bench/run.mjs [--quick] [--only a,b,...] [--runs N]
// Every workload runs under every variant, interleaved round after round; the table goes to stdout
// and, for a full run, to bench/RESULTS.md. Exit code 0 even when a budget fails (this reports, it
// is not a test); 1 when a workload crashed or a variant's stdout differed from plain node's.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { checkBudgets } from './lib/budgets.mjs';
import { renderMarkdown } from './lib/markdown.mjs';
import { judge } from './lib/judge.mjs';
import { rssMethod, runOnce } from './lib/measure.mjs';
import { summarize } from './lib/summary.mjs';
import { baseEnv, makeVariants } from './lib/variants.mjs';
import { selectWorkloads } from './lib/workloads.mjs';

const repo = fileURLToPath(new URL('../', import.meta.url));
const benchTmp = join(repo, 'bench', '.tmp');

const USAGE = 'usage: node bench/run.mjs [--quick] [--only a,b,...] [--runs N]';

function usage(message) {
  process.stderr.write(`bench: ${message} (${USAGE})\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      quick: { type: 'boolean' },
      only: { type: 'string' },
      runs: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (error) {
  usage(error.message);
}
if (args.help) {
  process.stdout.write(`${USAGE}\nMeasures lingering against plain node and the peers; see bench/README.md.\n`);
  process.exit(0);
}
let workloads;
try {
  workloads = selectWorkloads(args.only);
} catch (error) {
  usage(error.message);
}
const warmups = 1;
const runs = args.runs !== undefined ? Number(args.runs) : args.quick ? 3 : 5;
if (!Number.isInteger(runs) || runs < 1) usage(`--runs must be a whole number >= 1, got ${args.runs}`);
const scale = process.env.BENCH_SCALE ?? (args.quick ? '0.2' : '1');
const full = !args.quick && !args.only && args.runs === undefined && scale === '1';

for (const file of ['dist/register.mjs', 'dist/register.cjs']) {
  if (!existsSync(join(repo, file))) usage(`${file} is missing: run \`npm run build\` first (npm run bench does)`);
}
// The bench measures one build from start to end, even if dist/ is rebuilt meanwhile (npm run build
// empties it first). The copy stays inside the repository so its lazy requires still find node_modules.
mkdirSync(benchTmp, { recursive: true });
const snapshot = join(benchTmp, `dist-${process.pid}`);
cpSync(join(repo, 'dist'), snapshot, { recursive: true });
const tmp = await mkdtemp(join(os.tmpdir(), 'lingering-bench-'));
const cleanup = () => {
  rmSync(snapshot, { recursive: true, force: true });
  rmSync(tmp, { recursive: true, force: true });
};
process.once('SIGINT', () => {
  cleanup();
  process.exit(130);
});

const variants = makeVariants(join(snapshot, 'register.cjs'));
const method = rssMethod();
const env = baseEnv(scale);
const started = Date.now();
const machine = describeMachine();
// Messages counted by kind: numbers inside quotes (a timer's remaining delay, a test count) do not
// make a new kind; the first text seen is kept.
const failures = new Map();
const notes = new Map();
function record(map, text) {
  const key = text.replace(/"[^"]*"/g, (quoted) => quoted.replace(/\d+/g, '#'));
  const entry = map.get(key) ?? { text, count: 0 };
  entry.count++;
  map.set(key, entry);
}
const lines = (map) => [...map.values()].map(({ text, count }) => `${text}${count > 1 ? ` (${count} runs)` : ''}`);
const rows = [];

try {
  for (const workload of workloads) {
    const rounds = [];
    const counted = runs * (workload.roundsFactor ?? 1);
    for (let r = 0; r < warmups + counted; r++) {
      const round = {};
      const line = [];
      for (const variant of variants) {
        if (variant.only && !variant.only.includes(workload.name)) continue;
        const run = await runOnce({ workload, variant, env, tmp, method });
        // Plain node's stdout of this round, or of the first round when plain itself is being judged.
        const { stdout, problems } = judge(run, variant, round.plain?.stdout ?? rounds[0]?.plain?.stdout);
        if (problems.length) record(failures, `${workload.name} / ${variant.id}: ${problems.join('; ')}`);
        if (run.stderr.trim())
          record(
            notes,
            `${workload.name} / ${variant.id} wrote to stderr: ${run.stderr.trim().split('\n')[0].slice(0, 160)}`,
          );
        for (const task of run.reports) record(notes, `${workload.name} / ${variant.id}: lingering reported ${task}`);
        round[variant.id] = { ms: run.ms, rssKb: run.rssKb, stdout, ok: problems.length === 0 };
        line.push(`${variant.id} ${run.ms.toFixed(0)}ms${problems.length ? ' FAILED' : ''}`);
      }
      process.stderr.write(
        `[${workload.id} ${workload.name}] ${r < warmups ? 'warm-up' : `run ${r - warmups + 1}/${counted}`}: ${line.join(', ')}\n`,
      );
      if (r >= warmups) rounds.push(round);
    }
    rows.push(
      ...summarize(
        workload,
        variants.filter((v) => !v.only || v.only.includes(workload.name)),
        rounds,
      ),
    );
  }
} finally {
  cleanup();
}

const budgets = checkBudgets(rows);
const seconds = Math.round((Date.now() - started) / 1000);
const params = {
  command: full ? 'npm run bench' : `node bench/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
  duration: `${Math.floor(seconds / 60)} min ${seconds % 60} s`,
  warmups,
  runs,
  scale,
  rssMethod: method,
};
const noteLines = [...lines(failures).map((f) => `FAILED ${f}`), ...lines(notes)];
const markdown = renderMarkdown({ machine, params, rows, budgets, notes: noteLines });
process.stdout.write(markdown);
const out = full ? join(repo, 'bench', 'RESULTS.md') : join(benchTmp, 'RESULTS.partial.md');
mkdirSync(join(out, '..'), { recursive: true });
writeFileSync(out, full ? withSection(out, markdown) : markdown);
process.stderr.write(`\nwritten to ${out}${full ? '' : ' (a partial run does not replace bench/RESULTS.md)'}\n`);
if (failures.size) {
  process.stderr.write(
    `\nruns crashed or printed something else than plain node:\n${lines(failures)
      .map((f) => `  ${f}`)
      .join('\n')}\n`,
  );
  process.exitCode = 1;
}

function describeMachine() {
  const cpus = os.cpus();
  let build = 'dist/ as built';
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: repo, encoding: 'utf8' }).trim();
    build = `built from ${head}${dirty ? ' plus uncommitted changes in src/' : ''}`;
  } catch {
    // Not a git checkout: say only that dist/ was used.
  }
  return {
    cores: cpus.length,
    model: cpus[0]?.model ?? 'unknown',
    memoryGb: (os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    platform: `${process.platform} ${os.release()} ${process.arch}`,
    load: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', '),
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    build,
  };
}

/** bench/RESULTS.md keeps the last full run of each Node major in a section of its own (the budgets
 * are checked on Node 20 and 24): this run's replaces its major's and the others stay. */
function withSection(file, markdown) {
  const major = Number(process.versions.node.split('.')[0]);
  const section = (n, body) => `<!-- node ${n} -->\n${body.trim()}\n<!-- /node ${n} -->\n`;
  const sections = new Map();
  if (existsSync(file)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/<!-- node (\d+) -->\n([\s\S]*?)<!-- \/node \1 -->/g)) {
      sections.set(Number(m[1]), m[2]);
    }
  }
  // One heading level down: each run is a section of the file.
  sections.set(major, markdown.replace(/^(#+) /gm, (h) => `#${h}`).replace(/^## .*$/m, `## Node ${major}`));
  const body = [...sections].sort(([a], [b]) => a - b).map(([n, text]) => section(n, text));
  return `# lingering benchmarks\n\nThe last full \`npm run bench\` on each Node major, newest run of each.\n\n${body.join('\n')}`;
}
