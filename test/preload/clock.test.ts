// The tool reads its own clock (Date.now as it was at load), so a fake clock the program leaves
// installed changes neither the ages in the report nor the time in its file name.
import { describe, test } from 'vitest';
import { at, byType, runFixture, summarize } from '../helpers/run-preload.js';

describe.concurrent('preload: the tool keeps its own clock', { timeout: 20_000 }, () => {
  test('a fake clock set to 2100: the interval is milliseconds old, not 640,000 hours', async ({ expect }) => {
    const file = 'fixtures/exit/fake-clock.mjs';
    const { stdout, report } = await runFixture(file);
    expect(stdout).toBe('2100\n');
    const [interval] = byType(report, 'Timeout');
    expect(interval?.location, summarize(report)).toMatchObject(at(file, 3, 'setInterval('));
    expect(interval?.ageMs).toBeGreaterThanOrEqual(10);
    expect(interval?.ageMs).toBeLessThan(60_000);
  });

  test('a fake clock set back to 2000: the age is still the real one', async ({ expect }) => {
    const file = 'fixtures/exit/fake-clock-past.mjs';
    const { report, reports } = await runFixture(file);
    expect(reports).toHaveLength(1);
    const [interval] = byType(report, 'Timeout');
    expect(interval?.location, summarize(report)).toMatchObject(at(file, 2, 'setInterval('));
    // Clamped to 0 when the program's clock was read.
    expect(interval?.ageMs).toBeGreaterThanOrEqual(10);
  });

  test("a timeout's age is the time since it was set, from the timer's own start", async ({ expect }) => {
    const file = 'fixtures/exit/timeout-age.mjs';
    const { report } = await runFixture(file);
    const ages = byType(report, 'Timeout')
      .filter((task) => task.description === 'setTimeout(…, 60000)')
      .map((task) => [task.location?.line, task.ageMs]);
    expect(ages, summarize(report)).toHaveLength(2);
    const [first, second] = [ages.find(([line]) => line === 3)?.[1], ages.find(([line]) => line === 6)?.[1]];
    expect(first).toBeGreaterThanOrEqual(380);
    expect(first).toBeLessThan(5_000);
    expect(second).toBeGreaterThanOrEqual(80);
    // 300 ms of busy work between them.
    expect(first! - second!).toBeGreaterThanOrEqual(250);
    expect(first! - second!).toBeLessThan(400);
  });
});
