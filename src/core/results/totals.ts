// Test totals are always computed from the cases, never stored by hand, so a report can never
// disagree with the cases it lists.
import type { RunResult, TestSuite, TestTotals } from './model.js';
import { walkSteps, walkSuites } from './walk.js';

export function emptyTotals(): TestTotals {
  return { total: 0, passed: 0, failed: 0, skipped: 0, errors: 0 };
}

function add(totals: TestTotals, suites: TestSuite[]): TestTotals {
  walkSuites(suites, (suite) => {
    for (const testCase of suite.cases) {
      totals.total++;
      if (testCase.status === 'passed') totals.passed++;
      else if (testCase.status === 'failed') totals.failed++;
      else if (testCase.status === 'error') totals.errors++;
      else totals.skipped++;
    }
  });
  return totals;
}

/** Totals over suites and every suite nested in them. */
export function tally(suites: TestSuite[]): TestTotals {
  return add(emptyTotals(), suites);
}

/** Totals over every suite of every step and worker of the run: what `run.tests` must hold. */
export function tallyRun(run: Pick<RunResult, 'steps'>): TestTotals {
  const totals = emptyTotals();
  walkSteps(run.steps, ({ step }) => add(totals, step.suites));
  return totals;
}
