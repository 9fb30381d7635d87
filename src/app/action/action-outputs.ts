// The step outputs, computed from what was run and posted. With several workflows the counts
// are summed, `result` is the worst outcome, and file paths and URLs are one per line.
import type { RunResult } from '../../core/results/model.js';
import type { ReportLinks } from '../../ports/reporter.js';
import { linesOf, namedTotals } from '../ci/run-totals.js';
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

export function actionOutputs(outcomes: WorkflowOutcome[]): Record<string, string> {
  const each = (pick: (o: WorkflowOutcome) => string | undefined) => linesOf(outcomes.map(pick));
  const results = outcomes.map((o) => o.result);
  return {
    ...namedTotals(results, Outputs),
    [Outputs.resultsFile]: each((o) => o.resultsFile),
    [Outputs.junitFile]: each((o) => o.junitFile),
    [Outputs.namespace]: each((o) => o.result.namespace),
    [Outputs.checkRunUrl]: each((o) => o.links.checkUrl),
    [Outputs.commentUrl]: each((o) => o.links.commentUrl),
  };
}

export function setOutputs(runtime: ActionRuntime, outcomes: WorkflowOutcome[]): void {
  for (const [name, value] of Object.entries(actionOutputs(outcomes))) {
    runtime.setOutput(name, value);
  }
}
