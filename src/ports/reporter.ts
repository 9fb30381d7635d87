// Where a run's results are published (a GitHub check run and PR comment, a GitLab commit status
// and MR note…). The app announces a run when it starts and hands over the RunResult when it
// ends; the reporter answers with links to what it posted. Reporting is best effort: a reporter
// never throws for a platform refusal (fork tokens, missing permissions) — it warns through its
// own sink and returns fewer links — because the tests' outcome must not depend on it.
import type { RunResult } from '../core/results/model.js';

/** What is known about a run before it executes. */
export interface RunStart {
  runId: string;
  /** Workflow name (metadata.name). */
  workflow: string;
  /** ISO-8601 start time. */
  startedAt: string;
  namespace?: string;
}

/** Links to what a reporter posted; keys are stable so they can become outputs. */
export interface ReportLinks {
  /** The check run (GitHub) or commit status (GitLab) page. */
  checkUrl?: string;
  /** The PR comment or MR note. */
  commentUrl?: string;
}

/** One run being reported: opened by `Reporter.start`, closed by `finish` exactly once. */
export interface RunReport {
  finish(result: RunResult): Promise<ReportLinks>;
}

export interface Reporter {
  /** Shows the run as in progress where the platform can (check run, pending status). */
  start(run: RunStart): Promise<RunReport>;
}
