// The results model: one shape for everything a run produces, written as results.json and
// rendered by every reporter. Totals are derived (see totals.ts), never stored by hand, so they
// cannot drift from the cases they count.

export type RunStatus = 'passed' | 'failed' | 'cancelled' | 'timed_out' | 'error';
export type StepStatus = 'passed' | 'failed' | 'skipped' | 'cancelled' | 'timed_out' | 'error';
export type CaseStatus = 'passed' | 'failed' | 'error' | 'skipped';

export interface RunResult {
  /** Schema version of results.json. */
  version: 1;
  runId: string;
  workflow: string;
  namespace: string;
  status: RunStatus;
  /** ISO-8601 start time. */
  startedAt: string;
  durationMs: number;
  /** Why the run ended in `error`, `cancelled` or `timed_out`. */
  error?: { message: string; reason?: string };
  services: ServiceResult[];
  steps: StepResult[];
  /** Test totals over every suite in the run (derived by `tallyRun`). */
  tests: TestTotals;
  /** Links that reporters may show (CI job, check run…). */
  links?: Record<string, string>;
  /** The workflow's spec.execution.tags, as Testkube keeps them on the execution. */
  tags?: Record<string, string>;
  /** The plan's config, sensitive values already masked (`***`). */
  config?: Record<string, string | number | boolean>;
  /** Removing the run's namespace or objects, when it was done. */
  cleanup?: Span;
}

/** A stretch of the run, in milliseconds after the run's start: what the timeline draws. */
export interface Span {
  startMs: number;
  durationMs: number;
}

export interface AttemptSpan extends Span {
  status: StepStatus;
}

export interface TestTotals {
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  errors: number;
}

export interface ServiceResult {
  name: string;
  instance: string;
  index: number;
  status: 'ready' | 'failed' | 'timed_out' | 'cancelled';
  /** Kubernetes reason when it failed: ErrImagePull, CrashLoopBackOff, Unschedulable… */
  reason?: string;
  message?: string;
  ip?: string;
  /** Milliseconds until ready. */
  readyMs?: number;
  /** When the wait for readiness began (ms after the run's start); readyMs counts from it. */
  startMs?: number;
  /** Relative to the output directory, when logs were kept. */
  logFile?: string;
}

export interface StepResult {
  id: string;
  name: string;
  /** Spec path, e.g. `spec.steps[1]`. */
  path: string;
  status: StepStatus;
  exitCode?: number;
  durationMs: number;
  /** When the step was reached, in ms after the run's start. */
  startMs?: number;
  /** When each attempt ran and how it ended. */
  attemptSpans?: AttemptSpan[];
  /** Copying the step's artifacts out of the pod. */
  collect?: Span;
  /** 1 for a step run once; more when retried; 0 when skipped. */
  attempts: number;
  optional: boolean;
  negative: boolean;
  /** Short machine-readable cause: Timeout, OOMKilled, ErrImageNeverPull, ConditionFalse… */
  reason?: string;
  message?: string;
  /** Relative to the output directory. */
  logFile?: string;
  /** Relative to the output directory. */
  artifacts: string[];
  suites: TestSuite[];
  steps: StepResult[];
  workers?: WorkerResult[];
  /** The child runs of an execute step (of its last attempt). */
  executions?: ChildRunResult[];
}

/** One run of another TestWorkflow by an execute step: a worker-like run of its own. */
export interface ChildRunResult extends WorkerResult {
  /** metadata.name of the workflow run. */
  workflow: string;
  /** Why the child run ended in error, cancelled or timed out. */
  error?: { message: string; reason?: string };
}

export interface WorkerResult {
  index: number;
  name: string;
  status: StepStatus;
  durationMs: number;
  /** When the worker started, in ms after the run's start. */
  startMs?: number;
  matrix: Record<string, unknown>;
  shard: Record<string, unknown[]>;
  services: ServiceResult[];
  steps: StepResult[];
}

export interface TestSuite {
  name: string;
  /** Artifact the suite was read from, relative to the output directory. */
  source?: string;
  file?: string;
  durationMs?: number;
  timestamp?: string;
  properties?: Record<string, string>;
  systemOut?: string;
  systemErr?: string;
  cases: TestCase[];
  suites: TestSuite[];
}

export interface TestCase {
  name: string;
  classname?: string;
  /** Source file of the test, when the report gives one (file attribute, or parsed stack). */
  file?: string;
  line?: number;
  durationMs?: number;
  status: CaseStatus;
  /** Short failure message. */
  message?: string;
  /** Failure type, e.g. AssertionError. */
  type?: string;
  /** Full failure text (stack trace). */
  details?: string;
  systemOut?: string;
  systemErr?: string;
}
