// .ci/run runs the whole suite once per Node version with that node first in PATH and sets
// LINGERING_EXPECT_NODE to its major version: check that the switch really happened, both for
// vitest itself and for the node the fixtures are spawned with.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { NODE } from './helpers.js';

const expected = process.env.LINGERING_EXPECT_NODE;

describe('the Node version under test', () => {
  it.skipIf(!expected)(`is Node ${expected} for vitest and for the fixtures`, () => {
    expect(process.version.split('.')[0]).toBe(`v${expected}`);
    expect(execFileSync(NODE, ['-p', 'process.version'], { encoding: 'utf8' }).trim().split('.')[0]).toBe(
      `v${expected}`,
    );
  });
});
