// Prints one deterministic line for the bench to compare across variants (vitest's own reporters
// print durations), and the failures, if any, to stderr.
export default class ChecksumReporter {
  onTestRunEnd(testModules, unhandledErrors) {
    const counts = { passed: 0, failed: 0, skipped: 0, pending: 0 };
    const failures = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const { state, errors } = test.result();
        counts[state] = (counts[state] ?? 0) + 1;
        if (state === 'failed') failures.push(`${module.moduleId} > ${test.fullName}: ${errors?.[0]?.message ?? '?'}`);
      }
      const moduleErrors = module.errors();
      if (moduleErrors.length) failures.push(`${module.moduleId}: ${moduleErrors[0].message}`);
    }
    for (const error of unhandledErrors) failures.push(`unhandled: ${error.message}`);
    const tests = counts.passed + counts.failed + counts.skipped + counts.pending;
    process.stdout.write(
      `checksum suite files=${testModules.length} tests=${tests} passed=${counts.passed} failed=${counts.failed} errors=${failures.length - counts.failed}\n`,
    );
    for (const failure of failures) process.stderr.write(`FAIL ${failure}\n`);
  }
}
