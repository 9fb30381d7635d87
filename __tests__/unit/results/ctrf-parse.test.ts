import { isCtrf, parseCtrf } from '../../../src/core/results/ctrf-parse.js';
import { tally } from '../../../src/core/results/totals.js';
import { fixture } from './samples.js';

describe('parseCtrf', () => {
  it('groups tests into suites by suite path, file or tool and maps statuses', () => {
    const suites = parseCtrf(fixture('ctrf-playwright.json'), 'ctrf/report.json');
    expect(suites.map((s) => s.name)).toEqual([
      'checkout.spec.ts › checkout',
      'login.spec.ts > login',
      'e2e/login.spec.ts',
    ]);
    expect(suites.every((s) => s.source === 'ctrf/report.json')).toBe(true);
    expect(tally(suites)).toEqual({ total: 4, passed: 2, failed: 1, skipped: 1, errors: 0 });
    expect(suites[0]!.cases[1]).toEqual({
      name: 'checkout › applies a discount code',
      status: 'failed',
      durationMs: 3021,
      message:
        'expect(locator).toHaveText(expected)\n\nLocator: getByTestId(\'total\')\nExpected string: "€85.00"\nReceived string: "€90.00"',
      details: '    at /data/repo/e2e/checkout.spec.ts:31:42',
      file: 'e2e/checkout.spec.ts',
      line: 31,
    });
    expect(suites[2]!.cases[0]).toMatchObject({
      status: 'skipped',
      message: 'fixme',
      file: 'e2e/login.spec.ts',
    });
  });

  it('names the bad entry and the expected form', () => {
    const doc = (tests: unknown[]) =>
      JSON.stringify({ results: { tool: { name: 't' }, summary: {}, tests } });
    expect(() => parseCtrf(doc([{ name: 'a', status: 'broken', duration: 1 }]), 'r.json')).toThrow(
      'r.json: results.tests[0].status: "broken"; expected passed, failed, skipped, pending or other',
    );
    expect(() => parseCtrf(doc([{ status: 'passed' }]), 'r.json')).toThrow(
      'r.json: results.tests[0]: expected an object with a string "name"',
    );
    expect(() => parseCtrf('{"results": {}}', 'r.json')).toThrow(
      'r.json: expected a CTRF document',
    );
    expect(() => parseCtrf('{"results": ', 'r.json')).toThrow(/^r\.json: not valid JSON: /);
  });

  it('is recognised by its shape', () => {
    expect(isCtrf(fixture('ctrf-playwright.json'))).toBe(true);
    expect(isCtrf(fixture('jest-junit.xml'))).toBe(false);
    expect(isCtrf('{"name": "package", "tests": []}')).toBe(false);
  });
});
