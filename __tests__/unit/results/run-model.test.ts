import {
  aggregateStatus,
  runStatusFromSteps,
  stepFailsRun,
  stepStatusFromExit,
} from '../../../src/core/results/status.js';
import { outcomeSuite } from '../../../src/core/results/step-cases.js';
import { tally, tallyRun } from '../../../src/core/results/totals.js';
import { flattenCases } from '../../../src/core/results/walk.js';
import { erroredRun, failingRun, passingRun, step } from './samples.js';

describe('statuses', () => {
  it('inverts the exit code of negative steps', () => {
    expect(stepStatusFromExit(0, false)).toBe('passed');
    expect(stepStatusFromExit(3, false)).toBe('failed');
    expect(stepStatusFromExit(3, true)).toBe('passed');
    expect(stepStatusFromExit(0, true)).toBe('failed');
  });

  it('does not let optional steps fail the run', () => {
    const lint = step('lint', { status: 'failed', optional: true });
    expect(stepFailsRun(lint)).toBe(false);
    expect(runStatusFromSteps([step('a'), lint])).toBe('passed');
    expect(runStatusFromSteps([step('a'), step('b', { status: 'timed_out' })])).toBe('failed');
    expect(runStatusFromSteps([step('a', { status: 'error' })])).toBe('failed');
  });

  it('lets an interruption decide the run status', () => {
    expect(runStatusFromSteps([step('a')], 'cancelled')).toBe('cancelled');
    expect(runStatusFromSteps([step('a', { status: 'failed' })], 'timed_out')).toBe('timed_out');
  });

  it('aggregates groups and workers', () => {
    expect(aggregateStatus([step('a'), step('b', { status: 'failed', optional: true })])).toBe(
      'passed',
    );
    expect(aggregateStatus([step('a'), step('b', { status: 'failed' })])).toBe('failed');
    expect(aggregateStatus([step('a', { status: 'cancelled' }), step('b')])).toBe('cancelled');
    expect(aggregateStatus([step('a', { status: 'skipped' })])).toBe('skipped');
    expect(aggregateStatus([])).toBe('passed');
  });
});

describe('totals and flattening', () => {
  it('counts every case of every step, nested suite and worker', () => {
    const run = failingRun();
    // jest 6 + ctrf 4 + pytest 5 + surefire 5 + phpunit 4 + go 5
    expect(tallyRun(run)).toEqual({ total: 29, passed: 15, failed: 6, skipped: 5, errors: 3 });
    expect(flattenCases(run)).toHaveLength(29);
  });

  it('gives each case its step path, worker and suite path', () => {
    const cases = flattenCases(failingRun());
    const go = cases.find((c) => c.testCase.name === 'TestTotal/with_discount')!;
    expect(go.stepPath).toEqual(['Go tests', 'shard 2/3', 'go test']);
    expect(go.worker?.index).toBe(1);
    expect(go.suitePath).toEqual(['github.com/acme/shop/internal/cart']);
    const php = cases.find((c) => c.testCase.name === 'testRounding with data set "half up"')!;
    expect(php.suitePath).toEqual([
      'Shop Test Suite',
      'Unit',
      'Tests\\Unit\\CartTest',
      'Tests\\Unit\\CartTest::testRounding',
    ]);
    expect(php.worker).toBeUndefined();
  });

  it('tallies an empty list as zeros', () => {
    expect(tally([])).toEqual({ total: 0, passed: 0, failed: 0, skipped: 0, errors: 0 });
    expect(tallyRun(passingRun())).toEqual({
      total: 7,
      passed: 6,
      failed: 0,
      skipped: 1,
      errors: 0,
    });
  });
});

describe('outcomeSuite', () => {
  it('explains failing steps without failed tests, and optional failures as skipped', () => {
    const suite = outcomeSuite(failingRun())!;
    expect(suite.cases.map((c) => [c.name, c.status, c.message])).toEqual([
      ['step: Lint', 'skipped', 'optional step failed: exit code 2: 3 problems found'],
      [
        'step: Load test',
        'failed',
        'OOMKilled, exit code 137: container exceeded its memory limit (256Mi)',
      ],
    ]);
  });

  it('explains a run error and a service that did not start', () => {
    const suite = outcomeSuite(erroredRun())!;
    expect(suite.cases.map((c) => [c.name, c.status, c.message])).toEqual([
      ['workflow: checkout-api', 'error', 'service redis-0 did not start: ErrImagePull'],
      [
        'service: redis-0',
        'error',
        'ErrImagePull: failed to pull image "redis:7.9-alpine": not found',
      ],
    ]);
  });

  it('is absent when every failure is explained', () => {
    expect(outcomeSuite(passingRun())).toBeUndefined();
  });
});
