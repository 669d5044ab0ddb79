// --html: one self-contained page, checked in a real headless Chromium: it loads without console
// errors, shows every process and task with its tree, filters by severity and kind, and reads at
// 1280 px and at phone width.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatHtml } from '../../src/report/format-html.js';
import { merge } from '../../src/report/merge.js';
import type { Task } from '../../src/report/types.js';
import { Browser, findChromium } from '../helpers/chromium.js';
import { NODE } from '../helpers/env.js';
import { proc, report, task } from '../report/helpers.js';
import { ROOT, runBin } from './run-bin.js';

const chromium = findChromium();
const dir = mkdtempSync(join(tmpdir(), 'lingering-html-'));
let browser: Browser | undefined;
let unavailable = 'reason' in chromium ? chromium.reason : '';

beforeAll(async () => {
  if ('path' in chromium) {
    try {
      browser = await Browser.launch(chromium.path);
    } catch (error) {
      unavailable = `Chromium at ${chromium.path} cannot start: ${(error as Error).message}`;
    }
  }
  if (unavailable) console.warn(`skipping the HTML tests in a browser: ${unavailable}`);
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** 3 processes, 20 tasks: 12 errors (6 async functions with trees, 6 ref'd timers), 8 unref'd timers. */
function bigReport() {
  const tasks: Task[] = [];
  for (let i = 0; i < 20; i++) {
    const pid = 100 + (i % 3);
    const file = i < 10 ? 'test/a.test.ts' : 'src/worker.ts';
    const location = { file, line: 10 + i, column: 3 };
    const test = i < 10 ? { file, name: `suite > case ${i % 4}`, line: 5 + (i % 4) } : undefined;
    if (i % 20 < 6) {
      const leaf = task({
        kind: 'promise',
        type: 'Promise',
        description: 'a promise that nothing settles',
        location: null,
      });
      const inner = task({
        kind: 'promise',
        type: 'AsyncFunction',
        description: `async waitFor${i}()`,
        location,
        suspendedAt: { file, line: 40 + i, column: 5 },
        suspendedCode: `await ready${i};`,
        chain: [leaf],
      });
      tasks.push(
        task({
          kind: 'promise',
          type: 'AsyncFunction',
          description: `async job${i}()`,
          pids: [pid],
          location,
          suspendedAt: location,
          chain: [inner],
          ageMs: 100 * i,
          ...(test ? { test } : {}),
        }),
      );
    } else {
      const refed = i < 12;
      tasks.push(
        task({
          description: `setInterval(…, ${1000 + i})`,
          pids: [pid],
          refed,
          severity: refed ? 'error' : 'warning',
          location,
          ageMs: 50 * i,
          ...(test ? { test } : {}),
        }),
      );
    }
  }
  const processes = [100, 101, 102].map((pid) =>
    proc(pid, {
      argv: ['node', `worker-${pid}.js`],
      uptimeMs: 3000,
      exit: { reason: 'timeout', code: null, signal: 'SIGTERM' },
    }),
  );
  return merge([report(tasks, processes)]);
}

async function open(file: string, width: number) {
  const page = await browser!.newPage();
  await browser!.send(
    'Emulation.setDeviceMetricsOverride',
    { width, height: 900, deviceScaleFactor: 1, mobile: width < 600 },
    page.session,
  );
  await browser!.navigate(page.session, pathToFileURL(file).href);
  return page;
}

/** Nothing wider than the screen (a phone would widen its layout viewport to what overflows). */
const fits = (width: number) => `window.innerWidth === ${width} && document.documentElement.scrollWidth <= ${width}`;
const visible = (session: string) =>
  browser!.evaluate<number>(session, `document.querySelectorAll('.task:not([hidden])').length`);
const click = (session: string, value: string) =>
  browser!.evaluate<void>(session, `document.querySelector('.filters input[value="${value}"]').click()`);

describe('--html in Chromium', { timeout: 60_000 }, () => {
  it('a report of 3 processes and 20 tasks loads without errors, and its filters work', async (ctx) => {
    if (!browser) return ctx.skip();
    const file = join(dir, 'big.html');
    const html = formatHtml(bigReport(), { title: 'lingering -- vitest run' });
    // Self-contained: nothing to fetch.
    expect(html).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//);
    writeFileSync(file, html);
    const { session, errors } = await open(file, 1280);
    expect(await browser.evaluate<number>(session, `document.querySelectorAll('section.process').length`)).toBe(3);
    expect(await visible(session)).toBe(20);
    const text = await browser.evaluate<string>(session, 'document.body.innerText');
    expect(text).toContain('20 tasks pending (12 errors, 8 warnings) in 3 processes');
    expect(text).toContain('node worker-100.js');
    expect(text).toContain('test/a.test.ts');
    expect(text).toContain('suite > case 1 (test/a.test.ts:6)');
    expect(text).toContain('└─ async waitFor3() suspended at test/a.test.ts:43 (called from line 13)');
    expect(text).toContain('await ready3;');
    expect(text).toContain('20 shown');
    // file:line is text, copied as it reads.
    expect(await browser.evaluate<string>(session, `document.querySelector('code.loc').textContent`)).toMatch(
      /^(test\/a\.test\.ts|src\/worker\.ts):\d+$/,
    );
    // Timelines: one mark per task, placed by its age in its process's 3 s life.
    expect(await browser.evaluate<number>(session, `document.querySelectorAll('.timeline .mark').length`)).toBe(20);
    await click(session, 'warning');
    expect(await visible(session)).toBe(12);
    await click(session, 'handle');
    expect(await visible(session)).toBe(6);
    expect(await browser.evaluate<string>(session, 'document.body.innerText')).toContain('6 shown');
    await click(session, 'warning');
    await click(session, 'handle');
    expect(await visible(session)).toBe(20);
    // 1280 px and a phone's width: nothing wider than the page but the code blocks, which scroll.
    expect(await browser.evaluate<boolean>(session, fits(1280))).toBe(true);
    const shot = (await browser.send('Page.captureScreenshot', { format: 'png' }, session)) as { data: string };
    writeFileSync(join(dir, 'big-1280.png'), Buffer.from(shot.data, 'base64'));
    expect(shot.data.length).toBeGreaterThan(1000);
    const phone = await open(file, 390);
    expect(await browser.evaluate<boolean>(phone.session, fits(390))).toBe(true);
    expect([...errors, ...phone.errors]).toEqual([]);
  });

  it('a real run: --html of a hung vitest suite', async (ctx) => {
    const file = join(dir, 'run.html');
    const project = join(ROOT, 'fixtures/runners/vitest-hang');
    const result = await runBin(
      ['--html', file, '--timeout', '4', NODE, join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--pool=forks'],
      { cwd: project },
    );
    expect(result.code).toBe(1);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<h3>hang.check.mjs</h3>');
    if (!browser) return ctx.skip();
    const { session, errors } = await open(file, 1280);
    const text = await browser.evaluate<string>(session, 'document.body.innerText');
    expect(text).toContain('1 task pending (1 error, 0 warnings) in 2 processes');
    expect(text).toContain('connects to the server (hang.check.mjs:8)');
    expect(text).toContain('└─ async waitForServer() suspended at hang.check.mjs:5 (called from line 9)');
    expect(text).toContain('exit: timeout');
    // Long command lines and paths wrap at a phone's width.
    const phone = await open(file, 390);
    expect(await browser.evaluate<boolean>(phone.session, fits(390))).toBe(true);
    expect([...errors, ...phone.errors]).toEqual([]);
  });
});
