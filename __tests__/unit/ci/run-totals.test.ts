import { namedTotals, overallStatus } from '../../../src/app/ci/run-totals.js';
import { runResult } from '../action/run-fixtures.js';

describe('overallStatus', () => {
  it.each([
    [['passed', 'passed'], 'passed'],
    [['passed', 'failed'], 'failed'],
    [['failed', 'timed_out'], 'timed_out'],
    [['timed_out', 'cancelled'], 'cancelled'],
    [['cancelled', 'error', 'passed'], 'error'],
  ] as const)('%j → %s', (statuses, expected) => {
    expect(overallStatus(statuses.map((status) => runResult({ status })))).toBe(expected);
  });
});

describe('namedTotals', () => {
  it('sums the counts under the names given, errors with the failures', () => {
    const names = { result: 'R', total: 'T', passed: 'P', failed: 'F', skipped: 'S' };
    const results = [
      runResult({ cases: ['passed', 'failed', 'error', 'skipped'] }),
      runResult({ cases: ['passed'] }),
    ];
    expect(namedTotals(results, names)).toEqual({ R: 'failed', T: '5', P: '2', F: '2', S: '1' });
    expect(namedTotals([], names).R).toBe('error');
  });
});
