// Whether a run did what plain node did: exited cleanly and printed the same stdout (the workload's
// checksum line), once a peer's known extra output is removed.
export function judge(run, variant, expected) {
  const stdout = variant.stdoutNoise ? run.stdout.replace(variant.stdoutNoise, '') : run.stdout;
  const problems = [];
  if (run.timedOut) problems.push('timed out');
  else if (run.code !== 0 || run.signal) problems.push(`exited with ${run.signal ?? `code ${run.code}`}`);
  if (expected !== undefined && stdout !== expected) {
    problems.push(
      `stdout ${JSON.stringify(stdout.slice(0, 200))}, plain node printed ${JSON.stringify(expected.slice(0, 200))}`,
    );
  }
  const stderr = run.stderr.trim();
  if (problems.length && stderr) {
    problems.push(`stderr ends: ${stderr.split('\n').slice(-3).join(' | ').slice(0, 300)}`);
  }
  return { stdout, problems };
}
