// The results as markdown: machine, parameters, one row per workload x variant, budgets, notes.
import { WORKLOADS } from './workloads.mjs';

const fmt = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
/** The workloads that run more rounds (WORKLOADS' roundsFactor): "fs: 15, startup: 20". */
const moreRounds = (runs) =>
  WORKLOADS.filter((w) => w.roundsFactor)
    .map((w) => `${w.name}: ${runs * w.roundsFactor}`)
    .join(', ');

export function renderMarkdown({ machine, params, rows, budgets, notes }) {
  const out = [];
  out.push('# lingering benchmarks', '');
  out.push(`Produced by \`${params.command}\` on ${machine.date}; took ${params.duration}.`, '');
  out.push('## Machine', '');
  out.push(`- CPU: ${machine.cores} x ${machine.model}`);
  out.push(`- Memory: ${machine.memoryGb} GB`);
  out.push(`- Node.js: ${machine.node} (${machine.platform})`);
  out.push(`- Load average at start: ${machine.load} (other work on the machine makes numbers noisy)`);
  out.push(`- lingering: ${machine.build}`, '');
  out.push('## Method', '');
  out.push(
    `- Variants run interleaved, one after another in the same order, round after round: ${params.warmups} warm-up round(s) not counted, then ${params.runs} counted rounds (${moreRounds(params.runs)}, the noisiest). BENCH_SCALE=${params.scale}.`,
    '- "median ms": median wall time of the counted runs, measured by the bench around the child process (spawn to exit).',
    '- "ratio": each round\'s run divided by that same round\'s plain-node run, then the median and (min–max) of those per-round ratios.',
    `- "peak RSS": ${params.rssMethod === 'time' ? "`/usr/bin/time -f %M` (the kernel's ru_maxrss of the child; for the vitest suite, the largest single process of the tree)" : 'each process appends process.resourceUsage().maxRSS at exit through an extra preload loaded in every variant, plain included; the largest process counts'}, median over the counted runs. "RSS ratio": that median over plain's.`,
    "- Every run's stdout is compared with plain node's (each workload prints a deterministic checksum line); a mismatch or a crash fails the bench.",
    '- lingering variants write their report to a fresh LINGERING_REPORT_DIR per run (nothing on the terminal); the vitest suite gets every variant through NODE_OPTIONS, so its forks load it too.',
    '',
  );
  out.push('## Results', '');
  out.push('| workload | variant | median ms | ratio median (min–max) | peak RSS MB | RSS ratio |');
  out.push('|---|---|---:|---:|---:|---:|');
  rows.forEach((row, i) => {
    const ratio =
      row.variant.id === 'plain'
        ? '1.00'
        : Number.isFinite(row.ratio.median)
          ? `${fmt(row.ratio.median)}x (${fmt(row.ratio.min)}–${fmt(row.ratio.max)})`
          : 'n/a';
    const broken = row.ok ? '' : ' **FAILED**';
    out.push(
      `| ${i === 0 || rows[i - 1].workload !== row.workload ? row.workload.title : ''} | ${row.variant.label}${broken} | ${fmt(row.medianMs, 0)} | ${ratio} | ${fmt(row.rssMb, 1)} | ${row.variant.id === 'plain' ? '1.00' : fmt(row.rssRatio)} |`,
    );
  });
  out.push('', '## Budgets', '');
  for (const b of budgets) out.push(`- **${b.status}** ${b.name}: ${b.detail}`);
  if (notes.length) {
    out.push('', '## Notes', '');
    for (const note of notes) out.push(`- ${note}`);
  }
  return `${out.join('\n')}\n`;
}
