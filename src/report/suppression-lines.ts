// The lines that say what was suppressed and by what: "8 ignored by test/advanced.ts", the baseline's
// known leaks, its entries that are gone, and the rules that matched nothing (stale ignores rot).
import { BASELINE_BY } from './baseline.js';
import { plural } from './text.js';
import type { BaselineEntry, Report } from './types.js';

/** Entries named under "gone" and "fewer" before "… and N more". */
const MAX_NAMED = 10;

export interface SuppressionLine {
  text: string;
  /** Asks the user to do something (a stale rule, a baseline to rewrite). */
  action: boolean;
}

export function suppressionLines(report: Report): SuppressionLine[] {
  const lines: SuppressionLine[] = [];
  const rules = report.suppression?.rules ?? [];
  const groups = new Map<string, { by: string; reason?: string; count: number }>();
  for (const task of report.tasks) {
    const s = task.suppressed;
    if (s === undefined || s.by === BASELINE_BY) continue;
    const k = key(s.by, s.reason);
    const group = groups.get(k) ?? { by: s.by, ...(s.reason ? { reason: s.reason } : {}), count: 0 };
    group.count += task.count;
    groups.set(k, group);
  }
  // Rules in the order the user wrote them, then the inline comments by file and line.
  const rank = (by: string): number => {
    const i = rules.findIndex((rule) => rule.rule === by);
    return i < 0 ? rules.length : i;
  };
  const ordered = [...groups.entries()].sort(([a, ga], [b, gb]) => rank(ga.by) - rank(gb.by) || (a < b ? -1 : 1));
  for (const [, group] of ordered) {
    const reason = group.reason ? ` (${group.reason})` : '';
    lines.push({ text: `${group.count} ignored by ${group.by}${reason}`, action: false });
  }
  for (const rule of rules) {
    if (rule.tasks === 0) {
      lines.push({
        text: `ignore rule "${rule.rule}" matched nothing in this run: remove it if it is stale`,
        action: true,
      });
    }
  }

  const baseline = report.suppression?.baseline;
  if (baseline === undefined) return lines;
  if (baseline.known > 0) {
    const leaks = plural(baseline.known, 'known leak');
    lines.push({ text: `${leaks} from the baseline still present`, action: false });
  }
  if (baseline.gone.length > 0) {
    const one = baseline.gone.length === 1;
    lines.push({
      text:
        `${plural(baseline.gone.length, 'baseline entry', 'baseline entries')} ${one ? 'is' : 'are'} gone: ` +
        `run --update-baseline to drop ${one ? 'it' : 'them'}`,
      action: true,
    });
    lines.push(...named(baseline.gone, (entry) => `gone: ${describe(entry)}`));
  }
  if (baseline.fewer.length > 0) {
    const one = baseline.fewer.length === 1;
    lines.push({
      text:
        `${plural(baseline.fewer.length, 'baseline entry', 'baseline entries')} ${one ? 'has' : 'have'} fewer tasks now: ` +
        `run --update-baseline to lower ${one ? 'it' : 'them'}`,
      action: true,
    });
    lines.push(...named(baseline.fewer, (entry) => `fewer: ${describe(entry)} now ×${entry.now}`));
  }
  return lines;
}

function named<T extends BaselineEntry>(entries: T[], text: (entry: T) => string): SuppressionLine[] {
  const lines = entries.slice(0, MAX_NAMED).map((entry) => ({ text: `  ${text(entry)}`, action: true }));
  if (entries.length > MAX_NAMED) lines.push({ text: `  … and ${entries.length - MAX_NAMED} more`, action: true });
  return lines;
}

/** "async waitForReady() at src/app.ts:12 in test/a.test.ts > case ×3". */
function describe(entry: BaselineEntry): string {
  const what = entry.description ?? entry.kind ?? entry.fingerprint;
  const where = entry.location ? ` at ${entry.location}` : '';
  const test = entry.test ? ` in ${entry.test}` : '';
  return `${what}${where}${test} ×${entry.count}`;
}

function key(by: string, reason: string | undefined): string {
  return JSON.stringify([by, reason ?? null]);
}
