// LINGERING_PROMISES=off tracks handles only (and, where Node has `trackPromises`, asks for no
// promise hooks at all): a timer made three awaits deep is still found at its line, and no
// suspended async function is reported.
import { describe, test } from 'vitest';
import { at, runFixture, summarize } from '../helpers/run-preload.js';

describe('preload: LINGERING_PROMISES=off', { timeout: 20_000 }, () => {
  test('handles made after awaits are found at their lines; promises are not tasks', async ({ expect }) => {
    const file = 'fixtures/trees/nested.mjs';
    const { code, report } = await runFixture(file, { env: { LINGERING_PROMISES: 'off' } });
    expect(code).toBe(0);
    expect(report?.tasks, summarize(report)).toHaveLength(1);
    expect(report?.tasks[0]).toMatchObject({
      kind: 'handle',
      type: 'Timeout',
      severity: 'warning',
      location: at(file, 3, 'setTimeout('),
    });
    expect(report?.tasks[0]?.chain ?? []).toEqual([]);
  });
});
