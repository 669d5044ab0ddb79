// What the published package.json asks of the machines that install it: no install script (npm
// warns about one for a tarball or git install, and lists it for review), while a checkout still
// builds dist/ on `npm ci` (README: `npm ci && npx lingering -- …` on a fresh clone).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from './run-bin.js';

const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
  scripts: Record<string, string>;
  files: string[];
};

describe('package.json', () => {
  it('has no install script: preinstall, install, postinstall, prepare', () => {
    for (const name of ['preinstall', 'install', 'postinstall', 'prepare'])
      expect(pkg.scripts[name], name).toBeUndefined();
  });

  it('builds on npm pack/publish (prepack) and after npm ci in a checkout (the root-only dependencies script)', () => {
    expect(pkg.scripts.prepack).toBe('node scripts/build.mjs');
    expect(pkg.scripts.dependencies).toBe('node scripts/build.mjs');
    expect(pkg.files).not.toContain('scripts');
  });
});
