// Bundled separately (dist/format.cjs) and loaded only when a report is printed, so that start-up
// of every observed process pays for the tracker alone.
export { formatText } from '../../report/format-text.js';
