// The step machine's vocabulary (what it asks the engine to do, what it remembers of each
// step) and the rules it applies to a single outcome or expression.
import { evaluateCondition, type Vars } from '../expr/index.js';
import type { StepPlan } from '../plan/model.js';
import { isFailingStatus, stepStatusFromExit, type StepStatus } from '../results/index.js';
import type { AttemptOutcome } from './termination.js';

export type Decision =
  | { kind: 'run'; container: string; step?: StepPlan; attempt?: number }
  | { kind: 'skip'; container: string; step: StepPlan }
  /** Wait before the step starts (Testkube `delay`). */
  | { kind: 'delay'; step: StepPlan; ms: number }
  /** Run the workers of a parallel step, then call `recordParallel`. */
  | { kind: 'parallel'; step: StepPlan }
  /** Run the child runs of an execute step (one attempt), then call `recordExecute`. */
  | { kind: 'execute'; step: StepPlan; attempt: number }
  /** Copy the step's artifacts out now, before the next container changes /data. */
  | { kind: 'collect'; step: StepPlan; container?: string };

export interface AttemptRecord {
  container: string;
  status: StepStatus;
  outcome: AttemptOutcome;
  durationMs: number;
  /** Clock time the attempt was started (its gate opened). */
  startedAt?: number;
}

export interface StepState {
  status?: StepStatus;
  startedAt?: number;
  endedAt?: number;
  attempts: AttemptRecord[];
  /** A failure happened in this step's own container or a non-optional descendant. */
  failed: boolean;
  reason?: string;
  message?: string;
  /** Statuses of the workers of a parallel step. */
  workers?: StepStatus[];
  /** Stop retrying: the last attempt satisfied `retry.until`. */
  untilMet?: boolean;
}

export type AbortStatus = 'cancelled' | 'timed_out' | 'error';

export function isFailure(status: StepStatus | undefined): boolean {
  return status !== undefined && isFailingStatus(status);
}

/** Testkube's names for "so far so good": passed/success, failed/error, and status. */
export function outcomeVars(passed: boolean): Vars {
  return {
    passed,
    failed: !passed,
    success: passed,
    error: !passed,
    status: passed ? 'passed' : 'failed',
  };
}

/** How one attempt ended, before retries and optional are considered. */
export function attemptStatus(step: StepPlan, outcome: AttemptOutcome): StepStatus {
  if (outcome.timedOut) return 'timed_out';
  if (outcome.reason === 'OOMKilled' || outcome.reason === 'NoTerminationMessage') return 'failed';
  return stepStatusFromExit(outcome.exitCode, step.negative);
}

export function reasonOf(status: StepStatus, outcome: AttemptOutcome): string | undefined {
  if (status === 'timed_out') return 'Timeout';
  if (status === 'failed' && outcome.exitCode === 0) return 'NegativeStepSucceeded';
  return undefined;
}

/** A condition or `until` verdict; a broken expression is reported, not thrown. */
export function decideExpression(
  expression: string,
  vars: Vars,
): { value: boolean; error?: string } {
  try {
    return { value: evaluateCondition(expression, vars) };
  } catch (error) {
    return { value: false, error: error instanceof Error ? error.message : String(error) };
  }
}
