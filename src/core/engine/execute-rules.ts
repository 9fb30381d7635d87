// How one attempt of an execute step ends, from its child runs' statuses: it passes when every
// child run passed; `negative` inverts that, but not a timeout (as for a container attempt).
import type { StepPlan } from '../plan/model.js';
import type { StepStatus } from '../results/index.js';
import { isFailure } from './step-rules.js';

export interface ExecuteVerdict {
  status: StepStatus;
  reason?: string;
  message?: string;
}

export function executeVerdict(
  step: StepPlan,
  runs: readonly StepStatus[],
  timedOut: boolean,
): ExecuteVerdict {
  if (timedOut) {
    return {
      status: 'timed_out',
      reason: 'Timeout',
      message: 'the child runs did not end within the step timeout',
    };
  }
  const failed = runs.filter(isFailure).length;
  const message = failed > 0 ? `${failed} of ${runs.length} child run(s) did not pass` : undefined;
  const passed = step.negative ? failed > 0 : failed === 0;
  if (passed) return { status: 'passed', ...(message && { message }) };
  return step.negative
    ? { status: 'failed', reason: 'UnexpectedSuccess', message: 'every child run passed' }
    : { status: 'failed', reason: 'ChildRunFailed', ...(message && { message }) };
}
