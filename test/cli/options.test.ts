// Flags, config and environment combined: flags beat config, ignore patterns add up, GitHub
// annotations by default on Actions.
import { describe, expect, it } from 'vitest';
import type { LoadedConfig } from '../../src/cli/config.js';
import { UsageError } from '../../src/cli/errors.js';
import { resolveOptions } from '../../src/cli/options.js';
import type { Flags } from '../../src/cli/program.js';

const flags = (more: Partial<Flags> = {}): Flags => ({ command: ['node', 'app.js'], ignore: [], ...more });
const config = (values: LoadedConfig['config']): LoadedConfig => ({
  file: '/repo/lingering.config.json',
  label: 'lingering.config.json',
  config: values,
});

describe('resolveOptions', () => {
  it('has defaults', () => {
    expect(resolveOptions(flags(), null, {}, '/repo/pkg')).toEqual({
      command: 'node',
      args: ['app.js'],
      jsonPath: null,
      timeout: null,
      strict: false,
      ignore: [],
      baselinePath: null,
      updateBaseline: false,
      fail: true,
      reporters: [],
      perTest: false,
      htmlPath: null,
    });
  });

  it('resolves --html against the working directory', () => {
    expect(resolveOptions(flags({ html: 'out/report.html' }), null, {}, '/repo').htmlPath).toBe(
      '/repo/out/report.html',
    );
  });

  it('takes --per-test from the flag or the perTest config key', () => {
    expect(resolveOptions(flags({ perTest: true }), null, {}, '/repo').perTest).toBe(true);
    expect(resolveOptions(flags(), config({ perTest: true }), {}, '/repo').perTest).toBe(true);
  });

  it('lets flags beat config and adds ignore patterns', () => {
    const loaded = config({
      strict: true,
      fail: false,
      timeout: 9,
      ignore: ['Timeout', { pattern: 'test/queue.test.ts', reason: 'pending on purpose' }],
      json: 'r.json',
      reporter: 'junit',
    });
    const options = resolveOptions(
      flags({
        strict: false,
        fail: false,
        timeout: '2.5',
        ignore: ['src/**'],
        json: 'out.json',
        reporter: ['json,github'],
      }),
      loaded,
      {},
      '/repo/pkg',
    );
    expect(options).toMatchObject({
      strict: false,
      timeout: 2.5,
      ignore: [
        { pattern: 'Timeout' },
        { pattern: 'test/queue.test.ts', reason: 'pending on purpose' },
        { pattern: 'src/**' },
      ],
      jsonPath: '/repo/pkg/out.json',
      reporters: ['json', 'github'],
    });
    const fromConfig = resolveOptions(flags(), loaded, {}, '/repo/pkg');
    expect(fromConfig).toMatchObject({
      strict: true,
      fail: false,
      timeout: 9,
      jsonPath: '/repo/r.json',
      reporters: ['junit'],
    });
  });

  it('adds GitHub annotations on GitHub Actions unless reporters are chosen', () => {
    expect(resolveOptions(flags(), null, { GITHUB_ACTIONS: 'true' }, '/').reporters).toEqual(['github']);
    expect(resolveOptions(flags({ reporter: ['text'] }), null, { GITHUB_ACTIONS: 'true' }, '/').reporters).toEqual([]);
  });

  it('takes the baseline from the flag (relative to the working directory) or the config (relative to its file)', () => {
    expect(resolveOptions(flags({ baseline: 'b.json' }), null, {}, '/repo/pkg').baselinePath).toBe('/repo/pkg/b.json');
    const loaded = config({ baseline: 'ci/known-leaks.json' });
    expect(resolveOptions(flags(), loaded, {}, '/repo/pkg').baselinePath).toBe('/repo/ci/known-leaks.json');
    expect(resolveOptions(flags({ baseline: 'b.json' }), loaded, {}, '/repo/pkg').baselinePath).toBe(
      '/repo/pkg/b.json',
    );
    expect(resolveOptions(flags({ updateBaseline: true }), loaded, {}, '/repo').updateBaseline).toBe(true);
  });

  it('refuses --update-baseline without a file to write', () => {
    expect(() => resolveOptions(flags({ updateBaseline: true }), null, {}, '/')).toThrow(
      /^--update-baseline needs a file to write; give --baseline <file>/,
    );
  });

  it('refuses a timeout setTimeout cannot hold', () => {
    expect(() => resolveOptions(flags({ timeout: '3000000' }), null, {}, '/')).toThrow(UsageError);
    expect(() => resolveOptions(flags({ timeout: '3000000' }), null, {}, '/')).toThrow(/use at most 2147483 seconds/);
  });
});
