import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { RunResult } from '../../../src/core/results/model.js';
import { parseResults } from '../../../src/core/results/read-results.js';
import { resultsSchema } from '../../../src/core/results/results-schema.js';
import { expectGolden } from '../report/golden.js';
import { erroredRun, failingRun, passingRun } from './samples.js';

const SCHEMA_FILE = join(process.cwd(), 'schema/results.schema.json');

describe('schema/results.schema.json', () => {
  it('is the schema the code validates with', async () => {
    // Written as prettier formats it, so `prettier --check .` and this test agree.
    const options = (await resolveConfig(SCHEMA_FILE)) ?? {};
    const text = await format(JSON.stringify(resultsSchema), { ...options, parser: 'json' });
    expectGolden(join(process.cwd(), 'schema'), 'results.schema.json', text);
  });

  // The shipped file, as a consumer of results.json would use it.
  const validator = () =>
    new Ajv({ strict: true, allErrors: true }).compile(
      JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')),
    );

  it.each([
    ['passing', passingRun],
    ['failing', failingRun],
    ['errored', erroredRun],
  ])('accepts a %s run as written to results.json', (_name, make) => {
    const json = JSON.parse(JSON.stringify(make()));
    const validate = validator();
    expect(validate(json) ? [] : validate.errors).toEqual([]);
  });

  it.each<[string, (r: Record<string, unknown>) => void, string]>([
    ['an unknown status', (r) => (r.status = 'green'), '/status'],
    ['a missing runId', (r) => delete r.runId, ''],
    ['an unknown field', (r) => (r.color = 'red'), ''],
    ['a bad start time', (r) => (r.startedAt = 'yesterday'), '/startedAt'],
    ['a negative duration', (r) => (r.durationMs = -1), '/durationMs'],
    [
      'a case status from another format',
      (r) => {
        const steps = r.steps as RunResult['steps'];
        (steps[2]!.suites[0]!.cases[0] as { status: string }).status = 'pending';
      },
      '/steps/2/suites/0/cases/0/status',
    ],
  ])('rejects %s', (_name, spoil, path) => {
    const json = JSON.parse(JSON.stringify(failingRun()));
    spoil(json);
    const validate = validator();
    expect(validate(json)).toBe(false);
    expect(validate.errors!.map((e) => e.instancePath)).toContain(path);
  });
});

describe('parseResults', () => {
  it('reads a results file back and recomputes the totals from the cases', () => {
    const original = failingRun();
    const text = JSON.stringify({
      ...original,
      tests: { total: 1, passed: 1, failed: 0, skipped: 0, errors: 0 },
    });
    expect(parseResults(text)).toEqual(original);
  });

  it('names what is wrong and where', () => {
    expect(() => parseResults('{"version": 2}', 'out/results.json')).toThrow(
      /^out\/results\.json: not a Shakedown results file \(schema\/results\.schema\.json\): \/ must have required property/,
    );
    expect(() => parseResults('nope', 'r.json')).toThrow(/^r\.json: not valid JSON/);
  });
});
