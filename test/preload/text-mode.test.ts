// The standalone preload without the wrapper: the report goes to stderr, stdout stays the program's,
// and LINGERING_FAIL=1 turns found errors into exit code 1.
import { describe, test } from 'vitest';
import { runFixture } from '../helpers/run-preload.js';

const textMode = { LINGERING_REPORT_DIR: '' };

describe.concurrent('preload: text report on stderr', { timeout: 20_000 }, () => {
  test('the pending interval is printed with its location', async ({ expect }) => {
    const { code, stdout, stderr, reports } = await runFixture('fixtures/handles/interval.mjs', { env: textMode });
    expect(code).toBe(0);
    expect(stdout).toBe('started\n');
    expect(reports).toEqual([]);
    expect(stderr).toMatch(/pending/i);
    expect(stderr).toContain('fixtures/handles/interval.mjs:3');
    expect(stderr).toContain('setInterval(');
    expect(stderr).not.toMatch(/\x1b\[/); // NO_COLOR
  });

  test('a clean program prints no report', async ({ expect }) => {
    const { code, stdout, stderr } = await runFixture('fixtures/clean/interval-cleared.mjs', { env: textMode });
    expect(code).toBe(0);
    expect(stdout).toBe('tick 1\ntick 2\ntick 3\n');
    expect(stderr).toBe('');
  });

  test('LINGERING_FAIL=1 makes a clean exit fail when errors are found', async ({ expect }) => {
    const { code, stdout, stderr } = await runFixture('fixtures/handles/interval.mjs', {
      env: { ...textMode, LINGERING_FAIL: '1' },
    });
    expect(code).toBe(1);
    expect(stdout).toBe('started\n');
    expect(stderr).toContain('fixtures/handles/interval.mjs:3');
  });

  test("LINGERING_FAIL=1 leaves a program with only unref'd handles passing", async ({ expect }) => {
    const { code, stdout } = await runFixture('fixtures/clean/unref-timer.mjs', {
      env: { ...textMode, LINGERING_FAIL: '1' },
    });
    expect(code).toBe(0);
    expect(stdout).toBe('done\n');
  });

  test("LINGERING_STRICT=1 with LINGERING_FAIL=1 fails on an unref'd timer", async ({ expect }) => {
    const { code, stderr } = await runFixture('fixtures/clean/unref-timer.mjs', {
      env: { ...textMode, LINGERING_FAIL: '1', LINGERING_STRICT: '1' },
    });
    expect(code).toBe(1);
    expect(stderr).toContain('fixtures/clean/unref-timer.mjs:2');
  });
});
