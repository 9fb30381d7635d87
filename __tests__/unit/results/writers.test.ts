import { Ajv } from 'ajv';
import { XMLValidator } from 'fast-xml-parser';
import { join } from 'node:path';
import { failureText } from '../../../src/core/results/case-text.js';
import { writeCtrf } from '../../../src/core/results/ctrf-write.js';
import { parseCtrf } from '../../../src/core/results/ctrf-parse.js';
import { parseJUnit } from '../../../src/core/results/junit-parse.js';
import { writeJUnit } from '../../../src/core/results/junit-write.js';
import type { TestCase, TestSuite } from '../../../src/core/results/model.js';
import { tally } from '../../../src/core/results/totals.js';
import { flattenCases } from '../../../src/core/results/walk.js';
import { expectGolden } from '../report/golden.js';
import { erroredRun, failingRun, passingRun, run, step } from './samples.js';

const GOLDEN = join(process.cwd(), '__tests__/unit/results/golden');

function cases(suites: TestSuite[]): TestCase[] {
  return suites.flatMap((s) => [...s.cases, ...cases(s.suites)]);
}

describe('writeJUnit', () => {
  it('writes the merged report of a failing run (golden)', () => {
    expectGolden(GOLDEN, 'failing-run.junit.xml', writeJUnit(failingRun()));
  });

  it('round-trips every case with its status, message, file and line', () => {
    const source = failingRun();
    const back = parseJUnit(writeJUnit(source), 'junit.xml');
    const original = flattenCases(source).map((c) => c.testCase);
    const written = cases(back);
    // Plus the synthetic cases: the optional Lint step and the OOM-killed load test.
    expect(written).toHaveLength(original.length + 2);
    original.forEach((testCase, i) => {
      const copy = written[i]!;
      expect(copy.name).toBe(testCase.name.replace(/\s+/g, ' '));
      expect(copy.status).toBe(testCase.status);
      expect(copy.file).toBe(testCase.file);
      expect(copy.line).toBe(testCase.line);
      expect(copy.details).toBe(failureText(testCase));
    });
    expect(back.map((s) => s.name)).toContain(
      'Go tests › shard 2/3 › go test › github.com/acme/shop/internal/cart',
    );
  });

  it('counts synthetic cases in the totals and reports a run that never got to its tests', () => {
    const xml = writeJUnit(erroredRun());
    expect(xml).toMatch(
      /<testsuites name="checkout-api" tests="2" failures="0" errors="2" skipped="0" time="41\.000"/,
    );
    expect(tally(parseJUnit(xml, 'j.xml'))).toEqual({
      total: 2,
      passed: 0,
      failed: 0,
      skipped: 0,
      errors: 2,
    });
  });

  it('stays well-formed whatever the test output holds', () => {
    const nasty = 'a\u0000b\u001b[31mc\u0007 ]]> </failure> <![CDATA[ & "q" \'s\' \ud800 \uffff';
    const evil = run({
      steps: [
        step(nasty, {
          status: 'failed',
          suites: [
            {
              name: nasty,
              properties: { [nasty]: nasty },
              systemOut: nasty,
              cases: [
                {
                  name: `${nasty}\nsecond line`,
                  status: 'failed',
                  message: nasty,
                  details: nasty,
                  type: nasty,
                },
              ],
              suites: [],
            },
          ],
        }),
      ],
    });
    const xml = writeJUnit(evil);
    expect(XMLValidator.validate(xml)).toBe(true);
    const [suite] = parseJUnit(xml, 'j.xml');
    expect(suite!.cases[0]!.name).toBe('abc ]]> </failure> <![CDATA[ & "q" \'s\' second line');
    expect(suite!.cases[0]!.details).toBe('abc ]]> </failure> <![CDATA[ & "q" \'s\'');
  });
});

// The parts of the CTRF schema (ctrf.io) that a writer can get wrong.
const ctrfShape = {
  type: 'object',
  required: ['reportFormat', 'specVersion', 'results'],
  properties: {
    reportFormat: { const: 'CTRF' },
    specVersion: { type: 'string', pattern: '^[0-9]+\\.[0-9]+\\.[0-9]+$' },
    results: {
      type: 'object',
      required: ['tool', 'summary', 'tests'],
      properties: {
        tool: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string', minLength: 1 } },
        },
        summary: {
          type: 'object',
          required: ['tests', 'passed', 'failed', 'skipped', 'pending', 'other', 'start', 'stop'],
          additionalProperties: { type: 'integer' },
        },
        tests: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'status', 'duration'],
            properties: {
              name: { type: 'string', minLength: 1 },
              status: { enum: ['passed', 'failed', 'skipped', 'pending', 'other'] },
              duration: { type: 'integer' },
              suite: { type: 'array', minItems: 1, items: { type: 'string' } },
              line: { type: 'integer' },
              stdout: { type: 'array', items: { type: 'string' } },
              extra: { type: 'object' },
            },
          },
        },
      },
    },
  },
};

describe('writeCtrf', () => {
  const validate = new Ajv({ strict: false }).compile(ctrfShape);

  it.each([
    ['passing', passingRun],
    ['failing', failingRun],
    ['errored', erroredRun],
  ])('writes a valid CTRF report for a %s run', (_name, make) => {
    const report = JSON.parse(writeCtrf(make(), { toolVersion: '0.1.0' }));
    expect(validate(report) ? [] : validate.errors).toEqual([]);
    const { summary, tests } = report.results;
    expect(summary.tests).toBe(tests.length);
    expect(summary.passed + summary.failed + summary.skipped).toBe(tests.length);
    expect(summary.stop - summary.start).toBe(make().durationMs);
  });

  it('writes errors as failures with rawStatus and keeps step context', () => {
    const report = JSON.parse(writeCtrf(failingRun()));
    const npe = report.results.tests.find((t: { name: string }) => t.name === 'rejectsUnknownSku');
    expect(npe).toMatchObject({
      status: 'failed',
      rawStatus: 'error',
      suite: ['Java unit tests', 'com.acme.shop.CartServiceTest'],
      filePath: 'com/acme/shop/CartServiceTest.java',
      line: 58,
      extra: { step: 'Java unit tests', classname: 'com.acme.shop.CartServiceTest' },
    });
    expect(report.results.tool).toEqual({ name: 'shakedown' });
    expect(report.results.summary).toMatchObject({ tests: 31, passed: 15, failed: 10, skipped: 6 });
  });

  it('can be read back by parseCtrf', () => {
    const suites = parseCtrf(writeCtrf(failingRun()), 'ctrf.json');
    expect(tally(suites)).toEqual({ total: 31, passed: 15, failed: 10, skipped: 6, errors: 0 });
  });
});
