import type { Report } from './types.js';

/** The JSON report (schema/report.schema.json), pretty-printed, with a trailing newline. */
export function formatJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
