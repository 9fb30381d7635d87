// One workflow run as a CI job asks for it: the job runs its selected workflows one after the
// other, each with a fresh run id and a results folder of its own, the same on both platforms.
import type { RunResult } from '../../core/results/model.js';
import type { RunStart } from '../../ports/reporter.js';

export interface WorkflowRunRequest {
  workflow: string;
  runId: string;
  /** Relative to the job's working directory. */
  resultsDir: string;
}

export interface WorkflowRunOutcome {
  result: RunResult;
  /** `shakedown run`'s exit code: 0 passed, 1 failed or timed out, 2 error. */
  exitCode: number;
}

/** A workflow's results folder: its name, which the spec already limits to a DNS label. */
export function folderOf(workflow: string): string {
  return workflow.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || 'workflow';
}

/** One workflow's request: a fresh run id, and a folder of its own under `resultsRoot`. */
export function requestFor(
  workflow: string,
  runId: string,
  resultsRoot: string,
): WorkflowRunRequest {
  return { workflow, runId, resultsDir: `${resultsRoot}/${folderOf(workflow)}` };
}

/** What the reporter is told as the run starts; `namespace` when the job runs in an existing one. */
export function runStart(request: WorkflowRunRequest, now: number, namespace?: string): RunStart {
  return {
    runId: request.runId,
    workflow: request.workflow,
    startedAt: new Date(now).toISOString(),
    ...(namespace !== undefined && { namespace }),
  };
}
