// The project's own tests. bench/suite is a workload for `npm run bench`, not part of the suite;
// fixtures are programs the tests spawn.
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'bench/**', 'fixtures/**', '.tmp/**'],
  },
});
