// Run status → what each platform calls it.
import type { RunStatus } from '../results/model.js';

export type CheckConclusion = 'success' | 'failure' | 'cancelled' | 'timed_out';

/** GitHub check run conclusion. An infrastructure error is a failure: the change is not verified. */
export function checkConclusion(status: RunStatus): CheckConclusion {
  const map: Record<RunStatus, CheckConclusion> = {
    passed: 'success',
    failed: 'failure',
    cancelled: 'cancelled',
    timed_out: 'timed_out',
    error: 'failure',
  };
  return map[status];
}

export type CommitState = 'success' | 'failed' | 'canceled';

/** GitLab commit status state (POST /projects/:id/statuses/:sha) for a finished run. */
export function commitStatusState(status: RunStatus): CommitState {
  if (status === 'passed') return 'success';
  return status === 'cancelled' ? 'canceled' : 'failed';
}
