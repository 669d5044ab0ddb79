// Code that is in no file: `node -e`, `-p`, stdin, `--input-type=module`, and an `eval: true` worker.
// Its tasks are the user's and are located at `[eval]:line` (Node's own names for such code).
import { describe, test } from 'vitest';
import { byType, runPreloaded, summarize } from '../helpers/run-preload.js';

const LEAK = "console.log('up');\nsetInterval(() => {}, 1000);\nsetTimeout(() => process.exit(0), 10);\n";

describe.concurrent('preload: code given on the command line or stdin', { timeout: 20_000 }, () => {
  test.for<[how: string, argv: string[], input: string | undefined, file: string]>([
    ['node -e', ['-e', LEAK], undefined, '[eval]'],
    ['node --eval', ['--eval', LEAK], undefined, '[eval]'],
    ['node -p', ['-p', LEAK.replace(/\n$/, '')], undefined, '[eval]'],
    ['node - < file', ['-'], LEAK, '[stdin]'],
    ['stdin piped to node', [], LEAK, '[stdin]'],
    ['--input-type=module -e', ['--input-type=module', '-e', LEAK], undefined, '[eval1]'],
    ['--input-type=module on stdin', ['--input-type=module'], LEAK, '[eval1]'],
  ])('%s: the interval at its line 2', async ([, argv, input, file], { expect }) => {
    const run = await runPreloaded(argv, input === undefined ? { mode: 'require' } : { mode: 'require', input });
    expect(run.stdout.split('\n')[0]).toBe('up');
    expect(run.code).toBe(0);
    const intervals = byType(run.report, 'Timeout').map((task) => [
      task.description,
      task.location?.file,
      task.location?.line,
    ]);
    expect(intervals, summarize(run.report)).toEqual([['setInterval(…, 1000)', file, 2]]);
  });

  test('an eval: true worker: its own report names [worker eval]', async ({ expect }) => {
    const code = `
      const { Worker } = require('node:worker_threads');
      const worker = new Worker("setInterval(() => {}, 1000);\\nrequire('node:worker_threads').parentPort.postMessage('up');\\nsetTimeout(() => process.exit(3), 20);", { eval: true });
      worker.on('exit', (code) => console.log('worker exit', code));`;
    const run = await runPreloaded(['-e', code], { mode: 'require' });
    expect(run.stdout).toBe('worker exit 3\n');
    const worker = run.reports.find((report) => report.processes[0]?.threadId !== 0);
    expect(worker?.processes[0]?.exit).toMatchObject({ reason: 'exit', code: 3 });
    expect(byType(worker!, 'Timeout').map((task) => [task.location?.file, task.location?.line])).toEqual([
      ['[worker eval]', 1],
    ]);
  });
});
