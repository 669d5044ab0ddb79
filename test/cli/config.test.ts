// lingering.config.json and the "lingering" key of package.json: found upward from the working
// directory, validated (exit 2, one line naming the file), beaten by flags.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, runBin } from './run-bin.js';

const scratch = mkdtempSync(join(tmpdir(), 'lingering-config-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

describe('config', { timeout: 30_000 }, () => {
  it('rejects malformed JSON with the file and the position', async () => {
    const result = await runBin(['node', '-e', ''], { cwd: join(FIXTURES, 'bad-config') });
    expect(result.code).toBe(2);
    expect(result.stderrLines).toHaveLength(1);
    expect(result.stderrLines[0]).toMatch(
      /^lingering: lingering\.config\.json: invalid JSON: .*\(line 4, column 1\); fix the file or remove it$/,
    );
    expect(result.stdout).toBe('');
  });

  it('rejects an unknown key and lists the allowed ones', async () => {
    const result = await runBin(['node', '-e', ''], { cwd: join(FIXTURES, 'unknown-key') });
    expect(result.code).toBe(2);
    expect(result.stderrLines).toEqual([
      'lingering: lingering.config.json: unknown key "ignores"; use only ignore, baseline, strict, timeout, reporter, json, fail, perTest',
    ]);
  });

  it('rejects a wrong type in the "lingering" key of package.json', async () => {
    const result = await runBin(['node', '-e', ''], { cwd: join(FIXTURES, 'package-key') });
    expect(result.code).toBe(2);
    expect(result.stderrLines).toEqual([
      'lingering: package.json ("lingering" key): "timeout" must be a positive number of seconds, got "30"; fix the file or remove it',
    ]);
  });

  it('names a config found in a parent directory by its path', async () => {
    const dir = project('parent-bad', { 'lingering.config.json': '{"strict": "yes"}', 'src/keep.txt': '' });
    const result = await runBin(['node', '-e', ''], { cwd: join(dir, 'src') });
    expect(result.code).toBe(2);
    expect(result.stderrLines).toEqual([
      `lingering: ${join(dir, 'lingering.config.json')}: "strict" must be true or false, got "yes"; fix the file or remove it`,
    ]);
  });

  it('uses a config from a parent directory: json path relative to the config, reporter on stdout', async () => {
    const dir = project('parent-good', {
      'lingering.config.json': JSON.stringify({ json: 'out/report.json', reporter: 'json' }),
      'src/keep.txt': '',
    });
    const result = await runBin(['node', '-e', 'console.log("ran")'], { cwd: join(dir, 'src') });
    expect(result.code).toBe(0);
    const written = JSON.parse(readFileSync(join(dir, 'out/report.json'), 'utf8')) as { version: number };
    expect(written.version).toBe(1);
    // The command's output first, then the JSON report, once the command has ended.
    expect(result.stdout.startsWith('ran\n{')).toBe(true);
    expect(JSON.parse(result.stdout.slice('ran\n'.length))).toEqual(written);
  });

  it('lets flags beat the config', async () => {
    const dir = project('flags-win', {
      'package.json': JSON.stringify({ name: 'x', lingering: { reporter: 'json', json: 'from-config.json' } }),
    });
    const result = await runBin(['--reporter', 'junit', '--json', 'from-flag.json', 'node', '-e', ''], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="lingering"/);
    expect(JSON.parse(readFileSync(join(dir, 'from-flag.json'), 'utf8'))).toHaveProperty('version', 1);
    expect(() => readFileSync(join(dir, 'from-config.json'))).toThrow(/ENOENT/);
  });

  it('checks reporter names from the config', async () => {
    const dir = project('bad-reporter', { 'lingering.config.json': '{"reporter": ["text", "tap"]}' });
    const result = await runBin(['node', '-e', ''], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderrLines).toEqual([
      'lingering: lingering.config.json: unknown reporter "tap"; use one of text, json, github, junit',
    ]);
  });
});
