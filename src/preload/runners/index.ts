// The runners lingering knows. Each decides by itself, cheaply, whether its runner is in this
// process; under a runner none of them knows, tasks have no `test` and nothing else changes.
import { installAva } from './ava.js';
import { installJest } from './jest.js';
import { installMocha } from './mocha.js';
import { installNodeTest } from './node-test.js';
import { installVitest } from './vitest.js';
import { onFirstResource } from '../kinds/index.js';

export {
  activeRunner,
  checkSettling,
  currentTest,
  onEveryAwait,
  onPhase,
  onTestEnd,
  onTestStart,
  setSettleTurns,
} from './context.js';
export type { TestRef } from './test-ref.js';

export function installRunners(env: NodeJS.ProcessEnv, argv: readonly string[]): void {
  // node:test's Test class is an AsyncResource of type 'Test'.
  const nodeTest = (): void => onFirstResource('Test', installNodeTest);
  const ava = (): void => installAva(argv);
  const vitest = (): void => installVitest(env, argv);
  for (const install of [vitest, () => installJest(argv), () => installMocha(argv), nodeTest, ava]) {
    try {
      install();
    } catch {
      // A runner that cannot be hooked leaves its tasks without a test name.
    }
  }
}
