// Validates reports against the JSON Schema the package ships (schema/report.schema.json).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';
import { ROOT } from './env.js';

const schema = JSON.parse(readFileSync(join(ROOT, 'schema/report.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);

/** Fails the test with every schema error when `report` is not a valid report. */
export function validateReport(report: unknown): void {
  const ok = validate(report);
  expect(ok ? [] : validate.errors, 'the report does not match schema/report.schema.json').toEqual([]);
}
