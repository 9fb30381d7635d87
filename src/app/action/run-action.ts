// The action's main step: read and check the inputs, mask credentials before anything is
// logged, run the workflows (or, in report-only mode, read an earlier run's results), post the
// reports, write the job summary and outputs, and fail the step when the tests did not pass.
// This is the single place that turns an exception into a failed step.
import type { RunResult } from '../../core/results/model.js';
import type { Reporter, ReportLinks, RunReport, RunStart } from '../../ports/reporter.js';
import type { ActionRuntime } from './action-runtime.js';
import type { ActionSettings } from './action-settings.js';
import { setOutputs, type WorkflowOutcome } from './action-outputs.js';
import { States } from './constants.js';
import { getSettings } from './input-helper.js';
import { writeJobSummary, type JobSummaryRenderer } from './job-summary.js';
import { maskCluster, maskSecrets, type ClusterSecrets } from './mask-secrets.js';

/** What the engine returns for one workflow it ran. */
export interface EngineOutcome {
  result: RunResult;
  resultsFile?: string;
  junitFile?: string;
}

export interface WorkflowEngine {
  /**
   * Runs the workflows the settings select, announcing each run to `reporter` when it starts
   * (and finishing it, or leaving that to the caller), and passing every sensitive value it
   * learns (config marked `sensitive`) to `secret` before logging anything.
   */
  run(
    settings: ActionSettings,
    sinks: { reporter: Reporter; secret: (value: string) => void },
  ): Promise<EngineOutcome[]>;
}

export interface ActionDeps {
  runtime: ActionRuntime;
  engine: WorkflowEngine;
  createReporter(settings: ActionSettings): Reporter;
  /** Credentials in the kubeconfig; throws when the kubeconfig cannot be read. */
  clusterSecrets: ClusterSecrets;
  /** Report-only mode: the results.json files at these paths (files or directories). */
  readResults(paths: string[]): Promise<EngineOutcome[]>;
  renderJobSummary: JobSummaryRenderer;
}

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
  const reporter = new RecordingReporter(deps.createReporter(settings), (runIds) =>
    runtime.saveState(States.runIds, JSON.stringify(runIds)),
  );
  const results = await deps.engine.run(settings, {
    reporter,
    secret: (value) => maskSecrets(runtime, [value]),
  });
  // The engine cleaned up after every run it returned; the post step has nothing left to do.
  runtime.saveState(States.cleaned, 'true');
  return Promise.all(
    results.map(async (o) => ({ ...o, links: await reporter.linksFor(o.result) })),
  );
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

/**
 * Saves each run id as soon as the run starts (the post step cleans up runs the main step could
 * not finish), and keeps the links each report produced. A run the engine did not finish
 * itself is finished when its links are asked for.
 */
class RecordingReporter implements Reporter {
  private readonly runIds: string[] = [];
  private readonly reports = new Map<string, { report: RunReport; links?: Promise<ReportLinks> }>();

  constructor(
    private readonly inner: Reporter,
    private readonly saveRunIds: (runIds: string[]) => void,
  ) {}

  async start(run: RunStart): Promise<RunReport> {
    this.runIds.push(run.runId);
    this.saveRunIds(this.runIds);
    const entry: { report: RunReport; links?: Promise<ReportLinks> } = {
      report: await this.inner.start(run),
    };
    this.reports.set(run.runId, entry);
    return { finish: (result) => (entry.links ??= entry.report.finish(result)) };
  }

  linksFor(result: RunResult): Promise<ReportLinks> {
    const entry = this.reports.get(result.runId);
    if (!entry) return Promise.resolve({});
    return (entry.links ??= entry.report.finish(result));
  }
}
