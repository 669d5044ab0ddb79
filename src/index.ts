// The library API: the report model (the JSON contract) and the pure functions that merge,
// filter, gate and format reports, for test-runner integrations and tools.
export * from './report/index.js';
