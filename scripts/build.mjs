// Builds dist/ with esbuild. The preload is bundled into one CommonJS file so that
// `node --require lingering/register` works on Node 20 (no require(esm) there without a
// warning) and so that every observed process loads a single file at start-up.
// Type declarations come from tsc (emitDeclarationOnly).
//
// A second build of the preload, with the test-only hooks (TEST_HOOKS: a fault injected into the
// init hook, table sizes on globalThis), goes to .tmp/test-preload/ for the tests that need them;
// the shipped bundle has none of that code.
import { build } from 'esbuild';
import { rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';

const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', legalComments: 'none' };

function preload(outdir, testHooks) {
  return build({
    ...common,
    entryPoints: {
      register: 'src/preload/register.ts',
      preload: 'src/preload/start.ts',
      format: 'src/preload/write/format-entry.ts',
    },
    outdir,
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    define: { TEST_HOOKS: String(testHooks) },
    // Drops the test-only branches (if (false) ...) from the shipped bundle.
    minifySyntax: true,
    // Loaded lazily, only when a report is formatted.
    external: ['source-map-support', 'cli-table3'],
  });
}

await Promise.all([
  rm('dist', { recursive: true, force: true }),
  rm('.tmp/test-preload', { recursive: true, force: true }),
]);
await Promise.all([
  preload('dist', false),
  preload('.tmp/test-preload', true),
  build({
    ...common,
    entryPoints: { cli: 'src/cli/main.ts', index: 'src/index.ts' },
    outdir: 'dist',
    format: 'esm',
    packages: 'external',
  }),
]);
// The ESM entry loads the same CommonJS bundle so that one tracker serves both conditions. It uses
// require() rather than `import './register.cjs'`: importing CommonJS from ESM makes Node start
// cjs-module-lexer (WASM) to find its exports, ~30 ms and ~14 MB in every observed process.
await writeFile(
  'dist/register.mjs',
  "import { createRequire } from 'node:module';\ncreateRequire(import.meta.url)('./register.cjs');\n",
);
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
