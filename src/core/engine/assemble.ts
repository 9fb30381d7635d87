// From what the step machines recorded (plus logs, artifacts and parsed reports) to the one
// results model. Totals are derived by the results core, never counted here.
import type { StepPlan, WorkerPlan } from '../plan/model.js';
import {
  runStatusFromSteps,
  tallyRun,
  type Interruption,
  type RunResult,
  type ServiceResult,
  type StepResult,
  type StepStatus,
  type TestSuite,
  type WorkerResult,
  type ChildRunResult,
} from '../results/index.js';
import type { StepMachine, StepState } from './step-machine.js';

export interface StepOutputs {
  logFile?: string;
  artifacts: string[];
  suites: TestSuite[];
  /** Artifact collection: clock time it first started, and the time all of it took. */
  collect?: { startedAt: number; durationMs: number };
}

export interface PodRecord {
  machine: StepMachine;
  /** Keyed by step id. */
  outputs: Map<string, StepOutputs>;
  /** Keyed by the id of a parallel step. */
  workers: Map<string, WorkerResult[]>;
  /** Keyed by the id of an execute step. */
  executions: Map<string, ChildRunResult[]>;
}

/** `origin`: the run's start on the clock, from which the timeline's offsets count. */
export function stepResults(steps: StepPlan[], record: PodRecord, origin?: number): StepResult[] {
  return steps.map((step) => {
    const state = record.machine.state(step.id);
    const last = state.attempts.at(-1);
    const out = record.outputs.get(step.id);
    const workers = record.workers.get(step.id);
    const executions = record.executions.get(step.id);
    const result: StepResult = {
      id: step.id,
      name: step.name,
      path: step.path,
      status: state.status ?? 'cancelled',
      ...(last && last.outcome.exitCode >= 0 && { exitCode: last.outcome.exitCode }),
      durationMs: stepDuration(step, state),
      ...(origin !== undefined && timing(state, out, origin)),
      attempts: state.attempts.length,
      optional: step.optional,
      negative: step.negative,
      ...(state.reason && { reason: state.reason }),
      ...(state.message && { message: state.message }),
      ...(out?.logFile && { logFile: out.logFile }),
      artifacts: out?.artifacts ?? [],
      suites: out?.suites ?? [],
      steps: stepResults(step.steps, record, origin),
      ...(workers && { workers }),
      ...(executions && { executions }),
    };
    return result;
  });
}

const since = (origin: number, at: number) => Math.max(0, at - origin);

/** Where the step, its attempts and its artifact collection fall on the run's timeline. */
function timing(
  state: StepState,
  out: StepOutputs | undefined,
  origin: number,
): Pick<StepResult, 'startMs' | 'attemptSpans' | 'collect'> {
  const spans = state.attempts.flatMap((a) =>
    a.startedAt === undefined
      ? []
      : [{ startMs: since(origin, a.startedAt), durationMs: a.durationMs, status: a.status }],
  );
  return {
    ...(state.startedAt !== undefined && { startMs: since(origin, state.startedAt) }),
    ...(spans.length > 0 && { attemptSpans: spans }),
    ...(out?.collect && {
      collect: {
        startMs: since(origin, out.collect.startedAt),
        durationMs: out.collect.durationMs,
      },
    }),
  };
}

/**
 * A plain step takes as long as its attempts ran (measured in the container, so the wait for
 * the next container to start does not count); a group or parallel step as long as it lasted.
 */
function stepDuration(step: StepPlan, state: StepState): number {
  if (step.container && step.steps.length === 0 && !step.parallel && state.attempts.length > 0) {
    return state.attempts.reduce((sum, a) => sum + a.durationMs, 0);
  }
  return Math.max(0, (state.endedAt ?? state.startedAt ?? 0) - (state.startedAt ?? 0));
}

export function workerResult(
  worker: WorkerPlan,
  status: StepStatus,
  durationMs: number,
  services: ServiceResult[],
  steps: StepResult[],
): WorkerResult {
  return {
    index: worker.index,
    name: worker.name,
    status,
    durationMs,
    matrix: worker.matrix,
    shard: worker.shard,
    services,
    steps,
  };
}

export interface RunSummary {
  runId: string;
  workflow: string;
  namespace: string;
  startedAt: number;
  endedAt: number;
  interruption?: { status: Interruption; reason?: string; message: string };
  services: ServiceResult[];
  steps: StepResult[];
  links?: Record<string, string>;
  tags?: Record<string, string>;
}

export function assembleRun(summary: RunSummary): RunResult {
  const { interruption } = summary;
  const run: RunResult = {
    version: 1,
    runId: summary.runId,
    workflow: summary.workflow,
    namespace: summary.namespace,
    status: runStatusFromSteps(summary.steps, interruption?.status),
    startedAt: new Date(summary.startedAt).toISOString(),
    durationMs: Math.max(0, summary.endedAt - summary.startedAt),
    ...(interruption && {
      error: {
        message: interruption.message,
        ...(interruption.reason && { reason: interruption.reason }),
      },
    }),
    services: summary.services,
    steps: summary.steps,
    tests: { total: 0, passed: 0, failed: 0, skipped: 0, errors: 0 },
    ...(summary.links && { links: summary.links }),
    ...(summary.tags && Object.keys(summary.tags).length > 0 && { tags: summary.tags }),
  };
  run.tests = tallyRun(run);
  return run;
}
