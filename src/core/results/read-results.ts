// Reading a results.json back (the action's report-only mode posts an earlier run's results):
// validated against the shipped schema, with totals recomputed from the cases.
import { Ajv } from 'ajv';
import type { RunResult } from './model.js';
import { ResultsParseError } from './parse-error.js';
import { resultsSchema } from './results-schema.js';
import { tallyRun } from './totals.js';

const validate = new Ajv({ allErrors: true, strict: true }).compile<RunResult>(resultsSchema);

/** Parses and validates results.json; errors name the JSON path of each bad value. */
export function parseResults(text: string, source = 'results.json'): RunResult {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch (error) {
    throw new ResultsParseError(source, `not valid JSON: ${(error as Error).message}`);
  }
  if (!validate(value)) {
    const problems = (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
      .join('; ');
    throw new ResultsParseError(
      source,
      `not a Shakedown results file (schema/results.schema.json): ${problems}`,
    );
  }
  return { ...value, tests: tallyRun(value) };
}
