// `node --import lingering/register` / `node --require lingering/register`: start tracking in this
// thread (workers load it again through execArgv and report for themselves).
import { threadId } from 'node:worker_threads';
import { readConfig } from './config.js';
import { installExitHandlers } from './exit.js';
import { setRoot } from './frames.js';
import { startTracking, tableSizes } from './tracker.js';
import { writeStarted } from './write-report.js';

const LOADED = Symbol.for('lingering.register');

function start(): void {
  const config = readConfig(process.env);
  setRoot(config.root);
  if (config.reportDir) {
    try {
      writeStarted(config.reportDir, {
        pid: process.pid,
        ppid: process.ppid,
        threadId,
        argv: [...process.argv],
        time: Date.now(),
      });
    } catch {
      // An unwritable directory is reported once, at exit, when the report falls back to stderr.
    }
  }
  // Exit handlers first: their signal listeners are not tracked resources of the program.
  installExitHandlers(config);
  startTracking(config.promises, config.faultAt);
}

const TABLES = Symbol.for('lingering.tables');
const global = globalThis as { [LOADED]?: true; [TABLES]?: typeof tableSizes };
if (!global[LOADED]) {
  global[LOADED] = true;
  // For the memory test and the bench: table sizes must follow what is still pending.
  Object.defineProperty(global, TABLES, { value: tableSizes, enumerable: false });
  start();
}
