// --per-test (LINGERING_PER_TEST=1): a few event-loop turns after each test (after its afterEach
// hooks) and each suite (after its afterAll hooks), whatever that scope made and is still pending is
// reported against it, even if a later test or the exit cleans it up. What a beforeAll made belongs
// to its suite and is judged when the suite ends. The check is a snapshot scoped to the test's own
// entries (attribution is by async context), so concurrent tests never blame each other.
import { OUTLIVED_TEST } from '../../report/kinds.js';
import type { Task } from '../../report/types.js';
import { onTestEnd } from '../runners/index.js';
import { withIntrinsics } from '../intrinsics.js';
import { snapshot } from '../snapshot/snapshot.js';

const found: Task[] = [];
/** The entries a check has judged (Snapshot.ids): the exit report does not count them again. */
const judged = new Set<number>();

export function startPerTestChecks(): void {
  onTestEnd((ref) => {
    withIntrinsics(() => {
      const snap = snapshot({ scope: ref.key, reported: judged });
      for (const id of snap.ids) judged.add(id);
      for (const task of snap.tasks) {
        // Not "never resumed": a function its test left running may still finish.
        const outlived = task.kind === 'promise' && task.type === 'AsyncFunction';
        found.push(outlived ? { ...task, perTest: true, hint: OUTLIVED_TEST } : { ...task, perTest: true });
      }
    });
  });
}

/** What the checks found so far, and the entries they judged. */
export function perTestFindings(): { tasks: Task[]; judged: ReadonlySet<number> } {
  return { tasks: found, judged };
}
