import { Ajv } from 'ajv';
import { renderComment } from '../../../src/core/report/index.js';
import type { ChildRunResult, RunResult } from '../../../src/core/results/model.js';
import { resultsSchema, tallyRun, writeCtrf, writeJUnit } from '../../../src/core/results/index.js';
import { junit, run, service, step } from './samples.js';

function child(over: Partial<ChildRunResult>): ChildRunResult {
  return {
    index: 0,
    name: 'child',
    workflow: 'child',
    status: 'passed',
    durationMs: 10,
    matrix: {},
    shard: {},
    services: [],
    steps: [],
    ...over,
  };
}

/** A parent whose execute step ran a child with a JUnit report and a child whose step failed. */
function parent(): RunResult {
  const result = run({
    workflow: 'suite',
    status: 'failed',
    steps: [
      step('Children', {
        status: 'failed',
        reason: 'ChildRunFailed',
        executions: [
          child({
            name: 'ui #1 (browser=chrome)',
            workflow: 'ui',
            matrix: { browser: 'chrome' },
            services: [service('web')],
            steps: [step('Test', { suites: junit('jest-junit.xml') })],
          }),
          child({
            index: 1,
            name: 'api #1',
            workflow: 'api',
            status: 'failed',
            services: [service('db', 0, { status: 'failed', reason: 'CrashLoopBackOff' })],
            steps: [step('Call', { status: 'failed', exitCode: 2, logFile: 'logs/c/2/call.log' })],
          }),
        ],
      }),
    ],
  });
  result.tests = tallyRun(result);
  return result;
}

describe('child runs of execute steps in the results', () => {
  it('are valid results.json', () => {
    const validate = new Ajv({ strict: true, allErrors: true }).compile(resultsSchema);
    expect(validate(JSON.parse(JSON.stringify(parent())))).toBe(true);
  });

  it("count their tests in the run's totals", () => {
    const totals = parent().tests;
    expect(totals.total).toBeGreaterThan(0);
    expect(totals.failed + totals.errors).toBeGreaterThan(0);
  });

  it("write a testsuite per child run, and name the child in a report-less child's failure", () => {
    const xml = writeJUnit(parent());
    // One suite per child run, holding the cases of all its reports; empty without reports.
    expect(xml).toMatch(/<testsuite name="Children › ui #1 \(browser=chrome\)" tests="6" /);
    expect(xml).toMatch(/<testsuite name="Children › api #1" tests="0" /);
    expect(xml).toContain('<property name="shakedown.workflow" value="api"/>');
    expect(xml).toContain('<property name="shakedown.status" value="failed"/>');
    expect(xml).toContain('<property name="shakedown.worker" value="ui #1 (browser=chrome)"/>');
    expect(xml).toContain('name="step: Children › api #1 › Call"');
    expect(xml).toContain('name="service: db-0"');
  });

  it('name the child run in ctrf.json', () => {
    const ctrf = writeCtrf(parent());
    expect(ctrf).toContain('step: Children › api #1 › Call');
  });

  it('show in the pull request comment, each step under its child run', () => {
    const comment = renderComment(parent(), {});
    // '#' is escaped (and kept from linking an issue) in markdown.
    expect(comment).toContain('↳ api &#35;\u200d1 › Call');
    expect(comment).toContain('↳ ui &#35;\u200d1 (browser=chrome) › Test');
    expect(comment).toContain('| ❌ | api &#35;\u200d1 › db-0 |');
  });
});
