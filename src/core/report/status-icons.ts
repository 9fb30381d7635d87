// One emoji per outcome, the same in every report, so readers learn them once.
import type { CaseStatus, RunStatus, ServiceResult, StepResult } from '../results/model.js';

const RUN: Record<RunStatus, [string, string]> = {
  passed: ['✅', 'passed'],
  failed: ['❌', 'failed'],
  cancelled: ['🚫', 'was cancelled'],
  timed_out: ['⏱️', 'timed out'],
  error: ['💥', 'could not run'],
};

export function runIcon(status: RunStatus): string {
  return RUN[status][0];
}

/** "passed", "failed", "was cancelled", "timed out", "could not run". */
export function runVerb(status: RunStatus): string {
  return RUN[status][1];
}

const STEP: Record<StepResult['status'], string> = {
  passed: '✅',
  failed: '❌',
  skipped: '⏭️',
  cancelled: '🚫',
  timed_out: '⏱️',
  error: '💥',
};

/** A failed optional step is a warning, not a failure. */
export function stepIcon(step: Pick<StepResult, 'status' | 'optional'>): string {
  if (step.optional && step.status !== 'passed' && step.status !== 'skipped') return '⚠️';
  return STEP[step.status];
}

const CASE: Record<CaseStatus, string> = { passed: '✅', failed: '❌', error: '💥', skipped: '⏭️' };

export function caseIcon(status: CaseStatus): string {
  return CASE[status];
}

const SERVICE: Record<ServiceResult['status'], string> = {
  ready: '✅',
  failed: '❌',
  timed_out: '⏱️',
  cancelled: '🚫',
};

export function serviceIcon(status: ServiceResult['status']): string {
  return SERVICE[status];
}
