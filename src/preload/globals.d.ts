/** Set by the build (scripts/build.mjs, esbuild `define`): true only in the test build of the
 * preload, whose test-only hooks the shipped bundle does not contain. */
declare const TEST_HOOKS: boolean;
