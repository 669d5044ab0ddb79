// The project's own tests. bench/suite is a workload for `npm run bench`, not part of the suite;
// fixtures are programs the tests spawn. Two projects: "main", and "slow" (huge task counts and the
// memory checks, tens of seconds), which CI runs on one Node version only (.ci/run).
import { configDefaults, defineConfig } from 'vitest/config';

const exclude = [...configDefaults.exclude, 'bench/**', 'fixtures/**', '.tmp/**'];

export default defineConfig({
  // Unit tests import src/preload directly: the test-only branches are compiled out of the shipped
  // bundle (scripts/build.mjs), and off here too.
  define: { TEST_HOOKS: 'false' },
  test: {
    projects: [
      { extends: true, test: { name: 'main', include: ['test/**/*.test.ts'], exclude: [...exclude, 'test/slow/**'] } },
      { extends: true, test: { name: 'slow', include: ['test/slow/**/*.test.ts'], exclude } },
    ],
  },
});
