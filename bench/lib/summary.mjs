// Turns the raw runs into per workload x variant numbers. Wall-time ratio: computed per round against
// that round's plain run (the rounds are interleaved, so both saw the same machine load), then the
// median and min-max of those ratios. RSS ratio: median peak RSS over median plain peak RSS.
import { max, median, min } from './stats.mjs';

export function summarize(workload, variants, rounds) {
  const rows = [];
  for (const variant of variants) {
    const runs = rounds.map((round) => round[variant.id]).filter(Boolean);
    const ok = runs.every((run) => run.ok);
    const ratios = rounds
      .filter((round) => round.plain?.ok && round[variant.id]?.ok)
      .map((round) => round[variant.id].ms / round.plain.ms);
    rows.push({
      workload,
      variant,
      ok,
      runs: runs.length,
      medianMs: median(runs.map((r) => r.ms)),
      ratio: { median: median(ratios), min: min(ratios), max: max(ratios) },
      rssMb: median(runs.map((r) => r.rssKb / 1024).filter(Number.isFinite)),
    });
  }
  const plain = rows.find((r) => r.variant.id === 'plain');
  for (const row of rows) row.rssRatio = plain ? row.rssMb / plain.rssMb : NaN;
  return rows;
}
