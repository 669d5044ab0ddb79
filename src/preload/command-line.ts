// How a report names its process.

/** process.argv, or for code given with -e/-p or on stdin (argv is then only the node binary) the
 * flags that carry it: `node -e "setInterval(…)"` says more than `node`. */
export function commandLine(): string[] {
  return process.argv.length > 1 ? [...process.argv] : [...process.argv, ...process.execArgv];
}
