// How outcomes combine, as Testkube defines them: `negative` turns the exit code around,
// an `optional` step may fail without failing what contains it, and an interruption
// (cancel, workflow timeout, infrastructure error) decides the run's status outright.
import type { CaseStatus, RunStatus, StepResult, StepStatus } from './model.js';

/**
 * A finished container's step status from its exit code. StepResult.status holds this value
 * (after `negative` is applied); StepResult.exitCode keeps the raw code.
 */
export function stepStatusFromExit(exitCode: number, negative: boolean): 'passed' | 'failed' {
  const succeeded = exitCode === 0;
  return succeeded !== negative ? 'passed' : 'failed';
}

const FAILING: ReadonlySet<StepStatus> = new Set(['failed', 'timed_out', 'error']);

/** A step outcome that is a failure in itself (regardless of `optional`). */
export function isFailingStatus(status: StepStatus): boolean {
  return FAILING.has(status);
}

/** Whether a step fails what contains it: failing and not optional. */
export function stepFailsRun(step: Pick<StepResult, 'status' | 'optional'>): boolean {
  return !step.optional && FAILING.has(step.status);
}

/**
 * Status of a group of steps (a step with nested steps, or a parallel worker): failed when a
 * non-optional child failed, cancelled when one was cancelled, skipped when all were skipped.
 */
export function aggregateStatus(children: Pick<StepResult, 'status' | 'optional'>[]): StepStatus {
  if (children.some(stepFailsRun)) return 'failed';
  if (children.some((child) => child.status === 'cancelled')) return 'cancelled';
  if (children.length > 0 && children.every((child) => child.status === 'skipped'))
    return 'skipped';
  return 'passed';
}

export type Interruption = 'cancelled' | 'timed_out' | 'error';

/** The run's status: the interruption when there was one, else failed when a step fails the run. */
export function runStatusFromSteps(
  steps: Pick<StepResult, 'status' | 'optional'>[],
  interruption?: Interruption,
): RunStatus {
  if (interruption) return interruption;
  return steps.some(stepFailsRun) ? 'failed' : 'passed';
}

export function isFailedCase(testCase: { status: CaseStatus }): boolean {
  return testCase.status === 'failed' || testCase.status === 'error';
}
