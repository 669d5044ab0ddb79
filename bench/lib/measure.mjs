// Runs one workload under one variant and measures it: wall time around the child, peak RSS from
// the operating system, stdout for the checksum, and what lingering wrote to its report directory.
import { spawn } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import { constants } from 'node:os';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

const TIME = '/usr/bin/time';
const RUN_TIMEOUT_MS = 300_000;

/**
 * Peak RSS: GNU time's %M (the child's ru_maxrss from wait4, in KiB). For a process tree (the vitest
 * suite) that is the largest single process, not the sum. Without /usr/bin/time, every variant,
 * plain included, gets the same extra preload that appends its own resourceUsage().maxRSS at exit
 * (BENCH_RSS=preload forces that).
 */
export function rssMethod() {
  if (process.env.BENCH_RSS === 'preload') return 'preload';
  try {
    accessSync(TIME, fsConstants.X_OK);
    return 'time';
  } catch {
    return 'preload';
  }
}

const RSS_PRELOAD = new URL('../preloads/report-rss.mjs', import.meta.url).href;

export async function runOnce({ workload, variant, env, tmp, method }) {
  const runDir = await mkdtemp(join(tmp, `${workload.name}-${variant.id}-`));
  const rssFile = join(runDir, 'rss.txt');
  const reportDir = join(runDir, 'reports');
  // Temp files of the workloads (fs, the suite) go inside the run's directory, removed below even
  // when the child crashed before its own cleanup.
  const childEnv = { ...env, ...workload.env, ...variant.env, TMPDIR: runDir };
  if (variant.lingering) {
    // The wrapper makes this directory for its children; the preload only writes into it.
    await mkdir(reportDir);
    childEnv.LINGERING_REPORT_DIR = reportDir;
  }
  let flags = [...variant.flags];
  if (method === 'preload') {
    flags = ['--import', RSS_PRELOAD, ...flags];
    childEnv.BENCH_RSS_FILE = rssFile;
  }
  const argv = [...workload.argv, ...(variant.extraArgs ?? [])];
  let nodeArgv = [...flags, ...argv];
  if (workload.viaNodeOptions) {
    nodeArgv = argv;
    // Quoted: NODE_OPTIONS splits on spaces (the wrapper does the same, src/cli/env.ts).
    if (flags.length) childEnv.NODE_OPTIONS = flags.map((f) => (f.startsWith('-') ? f : `"${f}"`)).join(' ');
  }
  const [command, args] =
    method === 'time'
      ? [TIME, ['-f', '%M', '-o', rssFile, process.execPath, ...nodeArgv]]
      : [process.execPath, nodeArgv];
  try {
    const run = await spawnTimed(command, args, childEnv);
    // Per-run paths would make every note unique.
    run.stderr = run.stderr.replaceAll(runDir, '<run dir>');
    const { rssKb, signal } = await readTimeFile(rssFile);
    const reports = variant.lingering ? await readReports(reportDir) : [];
    // Through /usr/bin/time a signal death shows as exit code 128+n; report the signal itself.
    if (signal) Object.assign(run, { code: null, signal });
    return { ...run, rssKb, reports };
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }
}

function spawnTimed(command, args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, RUN_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // GNU time exits 128+n when the command died of signal n, and says so in its output file.
      resolve({ ms, code, signal, stdout, stderr, timedOut });
    });
  });
}

async function readTimeFile(file) {
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { rssKb: NaN, signal: undefined };
  }
  // GNU time puts "Command exited with non-zero status N" or "Command terminated by signal N" before
  // %M; the preload appends one line per process (the suite's forks): take the largest.
  const number = Number(/terminated by signal (\d+)/.exec(text)?.[1]);
  const signal = number
    ? (Object.entries(constants.signals).find(([, n]) => n === number)?.[0] ?? `signal ${number}`)
    : undefined;
  const values = text
    .split('\n')
    .filter((line) => /^\d+$/.test(line.trim()))
    .map(Number);
  return { rssKb: values.length ? Math.max(...values) : NaN, signal };
}

/** Tasks lingering reported, one summary line per group: "warning Timeout bench/workloads/http.mjs:15 x1". */
async function readReports(dir) {
  let names;
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const lines = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    try {
      const report = JSON.parse(await readFile(join(dir, name), 'utf8'));
      for (const task of report.tasks ?? []) {
        const where = task.location ? `${task.location.file}:${task.location.line}` : '?';
        lines.push(`${task.severity} ${task.kind}/${task.type} "${task.description}" at ${where} x${task.count}`);
      }
    } catch (error) {
      lines.push(`unreadable report ${name}: ${error.message}`);
    }
  }
  return lines;
}
