// Builds dist/ with esbuild. The preload is bundled into one CommonJS file so that
// `node --require lingering/register` works on Node 20 (no require(esm) there without a
// warning) and so that every observed process loads a single file at start-up.
// Type declarations come from tsc (emitDeclarationOnly).
import { build } from 'esbuild';
import { rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';

const common = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', legalComments: 'none' };

await rm('dist', { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: { register: 'src/preload/register.ts', format: 'src/preload/format-entry.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    // Loaded lazily, only when a report is formatted.
    external: ['source-map-support', 'cli-table3'],
  }),
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
