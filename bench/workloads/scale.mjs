// BENCH_SCALE (default 1) shrinks every workload for `node bench/run.mjs --quick`.
export function scaled(n) {
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  return Math.max(1, Math.round(n * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}
