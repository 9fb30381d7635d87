// RunResults for the action's tests, built the way the engine builds them: cases in suites in
// steps, totals derived from the cases.
import type {
  CaseStatus,
  RunResult,
  RunStatus,
  TestCase,
} from '../../../src/core/results/model.js';
import { tallyRun } from '../../../src/core/results/totals.js';

export interface RunSpec {
  workflow?: string;
  runId?: string;
  status?: RunStatus;
  /** Case statuses in order; failed cases point at src/test-<i>.test.ts line 10+i. */
  cases?: CaseStatus[];
  /** Make every case name this long (to push reports over their budgets). */
  nameLength?: number;
}

export function runResult(spec: RunSpec = {}): RunResult {
  const statuses = spec.cases ?? ['passed', 'passed', 'failed', 'skipped'];
  const cases: TestCase[] = statuses.map((status, i) => ({
    name: `case ${i} ${'x'.repeat(Math.max(0, (spec.nameLength ?? 0) - 10))}`.trim(),
    classname: 'shop.api',
    status,
    durationMs: 12 + i,
    ...(status === 'failed'
      ? {
          file: `src/test-${i}.test.ts`,
          line: 10 + i,
          message: `expected 200, got 500 in case ${i}`,
          type: 'AssertionError',
          details: `AssertionError: expected 200, got 500\n    at src/test-${i}.test.ts:${10 + i}:5`,
        }
      : {}),
  }));
  const failed = statuses.some((s) => s === 'failed' || s === 'error');
  const run: RunResult = {
    version: 1,
    runId: spec.runId ?? 'r1a2b3',
    workflow: spec.workflow ?? 'shop-api',
    namespace: `sd-${spec.workflow ?? 'shop-api'}-${spec.runId ?? 'r1a2b3'}`,
    status: spec.status ?? (failed ? 'failed' : 'passed'),
    startedAt: '2025-06-02T10:00:00.000Z',
    durationMs: 84000,
    services: [],
    steps: [
      {
        id: 'tests',
        name: 'Run the API tests',
        path: 'spec.steps[0]',
        status: failed ? 'failed' : 'passed',
        exitCode: failed ? 1 : 0,
        durationMs: 80000,
        attempts: 1,
        optional: false,
        negative: false,
        artifacts: ['junit.xml'],
        suites: [{ name: 'api', file: 'junit.xml', cases, suites: [] }],
        steps: [],
      },
    ],
    tests: { total: 0, passed: 0, failed: 0, skipped: 0, errors: 0 },
  };
  run.tests = tallyRun(run);
  return run;
}
