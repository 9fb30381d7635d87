// The step outputs, computed from what was run and posted. With several workflows the counts
// are summed, `result` is the worst outcome, and file paths and URLs are one per line.
import type { RunResult, RunStatus } from '../../core/results/model.js';
import type { ReportLinks } from '../../ports/reporter.js';
import type { ActionRuntime } from './action-runtime.js';
import { Outputs } from './constants.js';

/** One workflow's run as the action reports it. */
export interface WorkflowOutcome {
  result: RunResult;
  /** results.json of the run, when it was written. */
  resultsFile?: string;
  /** junit.xml of the run, when it was written. */
  junitFile?: string;
  links: ReportLinks;
}

// The order in which outcomes dominate: a run that errored says more than one that failed.
const severity: RunStatus[] = ['passed', 'failed', 'timed_out', 'cancelled', 'error'];

export function overallStatus(results: RunResult[]): RunStatus {
  return results.reduce<RunStatus>(
    (worst, r) => (severity.indexOf(r.status) > severity.indexOf(worst) ? r.status : worst),
    'passed',
  );
}

export function actionOutputs(outcomes: WorkflowOutcome[]): Record<string, string> {
  const results = outcomes.map((o) => o.result);
  const sum = (pick: (r: RunResult) => number) => String(results.reduce((n, r) => n + pick(r), 0));
  const lines = (pick: (o: WorkflowOutcome) => string | undefined) =>
    outcomes
      .map(pick)
      .filter((v): v is string => v !== undefined && v !== '')
      .join('\n');
  return {
    [Outputs.result]: outcomes.length === 0 ? 'error' : overallStatus(results),
    [Outputs.total]: sum((r) => r.tests.total),
    [Outputs.passed]: sum((r) => r.tests.passed),
    // An errored test did not pass either; `failed` counts both, as JUnit readers do.
    [Outputs.failed]: sum((r) => r.tests.failed + r.tests.errors),
    [Outputs.skipped]: sum((r) => r.tests.skipped),
    [Outputs.resultsFile]: lines((o) => o.resultsFile),
    [Outputs.junitFile]: lines((o) => o.junitFile),
    [Outputs.namespace]: lines((o) => o.result.namespace),
    [Outputs.checkRunUrl]: lines((o) => o.links.checkUrl),
    [Outputs.commentUrl]: lines((o) => o.links.commentUrl),
  };
}

export function setOutputs(runtime: ActionRuntime, outcomes: WorkflowOutcome[]): void {
  for (const [name, value] of Object.entries(actionOutputs(outcomes))) {
    runtime.setOutput(name, value);
  }
}
