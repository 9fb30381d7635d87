// The action's main step: read and check the inputs, mask credentials before anything is
// logged, run the workflows (or, in report-only mode, read an earlier run's results), post the
// reports, write the job summary and outputs, and fail the step when the tests did not pass.
// This is the single place that turns an exception into a failed step.
import type { RunResult } from '../../core/results/model.js';
import { join } from 'node:path';
import type { Reporter } from '../../ports/reporter.js';
import { requestFor, runStart, type WorkflowRunRequest } from '../ci/workflow-run.js';
import { JUNIT_FILE, RESULTS_FILE } from '../run/write-results.js';
import type { ActionRuntime } from './action-runtime.js';
import type { ActionSettings } from './action-settings.js';
import { setOutputs, type WorkflowOutcome } from './action-outputs.js';
import { States } from './constants.js';
import { getSettings } from './input-helper.js';
import { writeJobSummary, type JobSummaryRenderer } from './job-summary.js';
import { maskCluster, maskSecrets, type ClusterSecrets } from './mask-secrets.js';

/** The engine as the action drives it (`shakedown run` in-process, see app/ci/cli-engine.ts). */
export interface ActionEngine {
  /** Names of the workflows the settings select; throws with the problems when none can run. */
  select(settings: ActionSettings): Promise<string[]>;
  /** Runs one workflow; errors before the tests come back as an `error` result, not a throw. */
  run(settings: ActionSettings, request: WorkflowRunRequest): Promise<{ result: RunResult }>;
}

/** What report-only mode reads for each results.json. */
export interface EngineOutcome {
  result: RunResult;
  resultsFile?: string;
  junitFile?: string;
}

export interface ActionDeps {
  runtime: ActionRuntime;
  createEngine(settings: ActionSettings): ActionEngine;
  createReporter(settings: ActionSettings): Reporter;
  /** Credentials in the kubeconfig; throws when the kubeconfig cannot be read. */
  clusterSecrets: ClusterSecrets;
  /** Values of `sensitive` config parameters of these workflows, as the plans resolve them. */
  sensitiveValues(settings: ActionSettings, workflows: string[]): Promise<string[]>;
  /** Report-only mode: the results.json files at these paths (files or directories). */
  readResults(paths: string[]): Promise<EngineOutcome[]>;
  renderJobSummary: JobSummaryRenderer;
  newRunId(): string;
  now(): number;
}

/** Where results go, relative to the working directory: one folder per workflow, as on GitLab. */
export const RESULTS_DIR = 'shakedown-results';

export async function runAction(deps: ActionDeps): Promise<void> {
  const { runtime } = deps;
  try {
    const settings = getSettings(runtime);
    maskSecrets(runtime, [settings.githubToken]);
    if (!settings.resultsFile) await maskCluster(runtime, settings, deps.clusterSecrets);
    const outcomes = settings.resultsFile
      ? await reportOnly(deps, settings, settings.resultsFile)
      : await runWorkflows(deps, settings);
    setOutputs(runtime, outcomes);
    if (settings.summary) {
      await writeJobSummary(
        runtime,
        outcomes.map((o) => o.result),
        deps.renderJobSummary,
      );
    }
    const failed = outcomes.filter((o) => o.result.status !== 'passed');
    if (failed.length > 0 && !settings.resultsFile) runtime.setFailed(failureMessage(failed));
  } catch (error) {
    runtime.setFailed(error instanceof Error ? error.message : String(error));
  }
}

async function runWorkflows(
  deps: ActionDeps,
  settings: ActionSettings,
): Promise<WorkflowOutcome[]> {
  const { runtime } = deps;
  const engine = deps.createEngine(settings);
  const workflows = await engine.select(settings);
  maskSecrets(runtime, await deps.sensitiveValues(settings, workflows));
  const reporter = deps.createReporter(settings);
  const runIds: string[] = [];
  const outcomes: WorkflowOutcome[] = [];
  for (const workflow of workflows) {
    const request = requestFor(workflow, deps.newRunId(), RESULTS_DIR);
    // Saved before anything is created: the post step cleans up what a killed run leaves.
    runIds.push(request.runId);
    runtime.saveState(States.runIds, JSON.stringify(runIds));
    const report = await reporter.start(runStart(request, deps.now(), settings.namespace));
    const { result } = await runtime.group(`Shakedown: ${workflow} (run ${request.runId})`, () =>
      engine.run(settings, request),
    );
    const folder = join(settings.workingDirectory, request.resultsDir);
    outcomes.push({
      result,
      resultsFile: join(folder, RESULTS_FILE),
      junitFile: join(folder, JUNIT_FILE),
      links: await report.finish(result),
    });
    // The job is being cancelled (SIGINT from the runner): start nothing more.
    if (result.status === 'cancelled') break;
  }
  // Each run cleaned up after itself (or kept its namespace as asked): nothing for the post step.
  runtime.saveState(States.cleaned, 'true');
  return outcomes;
}

async function reportOnly(
  deps: ActionDeps,
  settings: ActionSettings,
  resultsFile: string,
): Promise<WorkflowOutcome[]> {
  const reporter = deps.createReporter(settings);
  const outcomes: WorkflowOutcome[] = [];
  for (const outcome of await deps.readResults([resultsFile])) {
    const { runId, workflow, startedAt, namespace } = outcome.result;
    const report = await reporter.start({ runId, workflow, startedAt, namespace });
    outcomes.push({ ...outcome, links: await report.finish(outcome.result) });
    deps.runtime.info(
      `Reported ${workflow} (${outcome.result.status}) from ${outcome.resultsFile}.`,
    );
  }
  return outcomes;
}

function failureMessage(failed: WorkflowOutcome[]): string {
  return failed
    .map(({ result: r }) => {
      const tests =
        r.tests.total > 0
          ? `: ${r.tests.failed + r.tests.errors} of ${r.tests.total} tests failed`
          : '';
      const why = r.error ? ` (${r.error.message})` : '';
      return `Workflow '${r.workflow}' ${r.status.replace('_', ' ')}${tests}${why}.`;
    })
    .join('\n');
}
