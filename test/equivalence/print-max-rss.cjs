// Preloaded into a plain run by the size tests: its peak memory, for comparison with the
// preloaded run's (which lingering prints under NODE_DEBUG=lingering).
process.on('exit', () => {
  require('node:fs').writeSync(2, `max RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`);
});
