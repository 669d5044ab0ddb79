// The project's own tests. bench/suite is a workload for `npm run bench`, not part of the suite;
// fixtures are programs the tests spawn.
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  // Unit tests import src/preload directly: the test-only branches are compiled out of the shipped
  // bundle (scripts/build.mjs), and off here too.
  define: { TEST_HOOKS: 'false' },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'bench/**', 'fixtures/**', '.tmp/**'],
  },
});
