// What a job's outputs say of its runs, the same on both platforms (the Action's step outputs,
// the component's dotenv report): the worst outcome and the counts summed over the workflows.
import type { RunResult, RunStatus } from '../../core/results/model.js';

export interface RunTotals {
  /** The worst status of the runs; 'error' when nothing ran. */
  result: RunStatus;
  total: number;
  passed: number;
  /** An errored test did not pass either: counted here with the failed ones, as JUnit readers do. */
  failed: number;
  skipped: number;
}

// The order in which outcomes dominate: a run that errored says more than one that failed.
const severity: RunStatus[] = ['passed', 'failed', 'timed_out', 'cancelled', 'error'];

export function overallStatus(results: RunResult[]): RunStatus {
  return results.reduce<RunStatus>(
    (worst, r) => (severity.indexOf(r.status) > severity.indexOf(worst) ? r.status : worst),
    'passed',
  );
}

export function runTotals(results: RunResult[]): RunTotals {
  const sum = (pick: (r: RunResult) => number) => results.reduce((n, r) => n + pick(r), 0);
  return {
    result: results.length === 0 ? 'error' : overallStatus(results),
    total: sum((r) => r.tests.total),
    passed: sum((r) => r.tests.passed),
    failed: sum((r) => r.tests.failed + r.tests.errors),
    skipped: sum((r) => r.tests.skipped),
  };
}

/** The totals as text, under the names a platform gives its outputs. */
export function namedTotals(
  results: RunResult[],
  names: Record<keyof RunTotals, string>,
): Record<string, string> {
  const totals = runTotals(results);
  const keys = Object.keys(totals) as (keyof RunTotals)[];
  return Object.fromEntries(keys.map((key) => [names[key], String(totals[key])]));
}

/** The values that are set, one per line. */
export function linesOf(values: (string | undefined)[]): string {
  return values.filter((v): v is string => v !== undefined && v !== '').join('\n');
}
