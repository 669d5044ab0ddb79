// `node --require lingering/register` / `--import`: loads the preload (dist/preload.cjs, built from
// start.ts) into this thread, compiled from a V8 code cache when one is there.
//
// Every observed process loads the preload: a suite of 50 test files starts 50 processes. Parsing
// and compiling its ~130 KB took ~3 ms per process, and the exit report's first run compiled
// ~2 ms more. A code cache made once (after the first final report, so it holds the report's code
// too) and kept next to the bundle takes that away. V8 checks a cache against its version, its flags
// and the source's length, and ignores one that does not match; the file name also carries the
// bundle's size and mtime, so a rebuilt bundle of the same length never meets an old cache.
// https://nodejs.org/api/vm.html#scriptcreatecacheddata
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { debugging } from './config.js';

interface Preload {
  afterFinalReport(listener: () => void): void;
}

const LOADED = Symbol.for('lingering.register');
/** Cache files kept (one per Node version and flag set): a tool that puts a fresh path in the
 * flags of every run must not fill the directory. */
const KEEP = 8;
const WRAP = '(function (exports, require, module, __filename, __dirname) { ';

/** FNV-1a, enough to tell flag sets apart in a file name. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

function debug(message: string): void {
  if (debugging(process.env)) {
    writeSync(2, `LINGERING ${process.pid}: ${message}\n`);
  }
}

function load(): void {
  const file = join(__dirname, 'preload.cjs');
  const source = readFileSync(file, 'utf8');
  const { size, mtimeMs } = statSync(file);
  // The flags a process runs with (a V8 flag in either makes V8 refuse another's cache).
  const flags = hash(`${process.execArgv.join('\0')}\0${process.env.NODE_OPTIONS ?? ''}`);
  const dir = join(__dirname, '.cache');
  const cacheFile = join(dir, `preload-${process.version}-${process.arch}-${flags}-${size}-${Math.round(mtimeMs)}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    // None yet (or unreadable): compiled from source, and a cache made at exit.
  }
  const script = new Script(`${WRAP}${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as Partial<Preload> };
  (script.runInThisContext() as Function)(module.exports, createRequire(file), module, file, __dirname);
  if (cachedData !== undefined && script.cachedDataRejected === false) {
    debug(`preload compiled from the code cache ${cacheFile}`);
    return;
  }
  debug(`preload compiled from source (code cache ${cachedData === undefined ? 'absent' : 'rejected'})`);
  module.exports.afterFinalReport?.(() => {
    try {
      const data = script.createCachedData();
      mkdirSync(dir, { recursive: true });
      // Processes exiting together each write their own file; the rename makes one of them the cache.
      const tmp = `${cacheFile}.${process.pid}-${Math.random().toString(36).slice(2)}`;
      writeFileSync(tmp, data);
      renameSync(tmp, cacheFile);
      debug(`code cache written: ${cacheFile}`);
      prune(dir);
    } catch {
      // A read-only install: every process compiles from source, as without a cache.
    }
  });
}

/** Removes the least recently written cache files beyond KEEP. */
function prune(dir: string): void {
  const files = readdirSync(dir)
    .filter((name) => name.startsWith('preload-') && name.endsWith('.bin'))
    .map((name) => ({ path: join(dir, name), at: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { path } of files.slice(KEEP)) unlinkSync(path);
}

// Loaded twice in one thread (--require and --import both), the first one tracks.
if (!(globalThis as { [LOADED]?: true })[LOADED]) load();
