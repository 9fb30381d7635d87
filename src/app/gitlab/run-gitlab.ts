// The GitLab job: read the component's inputs, run each selected workflow through the same
// engine as `shakedown run` (each into its own folder of the results directory, where the
// template's JUnit report and artifacts pick it up), report each run as a commit status and a
// merge request note, and write the dotenv report. The exit code is the worst run's, as
// `shakedown run` defines it, so the job fails when the tests did.
import type { Reporter } from '../../ports/reporter.js';
import {
  requestFor,
  runStart,
  type WorkflowRunOutcome,
  type WorkflowRunRequest,
} from '../ci/workflow-run.js';
import { DOTENV_FILE, RUN_IDS_FILE } from './constants.js';
import { outputValues, renderDotenv, type GitLabOutcome } from './dotenv-report.js';
import { readGitLabSettings, type GitLabSettings } from './gitlab-settings.js';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_ERROR = 2;

export interface GitLabEngine {
  /** The names of the workflows the settings select; throws with the problems when none can run. */
  select(settings: GitLabSettings): Promise<string[]>;
  run(settings: GitLabSettings, request: WorkflowRunRequest): Promise<WorkflowRunOutcome>;
}

export interface JobLog {
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

export interface GitLabJobDeps {
  env: Record<string, string | undefined>;
  engine: GitLabEngine;
  createReporter(settings: GitLabSettings): Reporter;
  /** Writes a file of the results directory (`dir` relative to the project directory). */
  writeResultsFile(dir: string, name: string, text: string): Promise<void>;
  newRunId(): string;
  now(): number;
  log: JobLog;
  /** Opens a log section (collapsible in the job log); returns the function that closes it. */
  group?(title: string, options?: { expanded?: boolean }): () => void;
}

export async function runGitLabJob(deps: GitLabJobDeps): Promise<number> {
  const { log } = deps;
  let settings: GitLabSettings;
  let workflows: string[];
  try {
    settings = readGitLabSettings(deps.env);
    workflows = await deps.engine.select(settings);
  } catch (error) {
    log.error(error instanceof Error ? error.message : String(error));
    return EXIT_ERROR;
  }
  const reporter = deps.createReporter(settings);
  const outcomes: GitLabOutcome[] = [];
  const started: string[] = [];
  const recordRuns = () =>
    deps
      .writeResultsFile(settings.resultsDir, RUN_IDS_FILE, started.map((id) => `${id}\n`).join(''))
      .catch((error: unknown) =>
        log.warning(`Could not record the run ids: ${(error as Error).message}`),
      );
  // An earlier job's list in the same workspace must not be cleaned up again.
  await recordRuns();
  let exitCode = EXIT_OK;
  for (const workflow of workflows) {
    const request = requestFor(workflow, deps.newRunId(), settings.resultsDir);
    // Recorded before anything is created, for the after_script cleanup of a cancelled job.
    started.push(request.runId);
    await recordRuns();
    const report = await reporter.start(runStart(request, deps.now(), settings.namespace));
    const close = deps.group?.(`shakedown: ${workflow} (run ${request.runId})`, { expanded: true });
    const run = await deps.engine.run(settings, request).finally(() => close?.());
    const links = await report.finish(run.result);
    outcomes.push({ result: run.result, resultsDir: request.resultsDir, links });
    exitCode = Math.max(exitCode, run.exitCode);
  }
  const { text, dropped } = renderDotenv(outputValues(outcomes));
  if (dropped.length > 0) {
    log.warning(`Left ${dropped.join(', ')} out of the dotenv report: over GitLab's 5 KB limit.`);
  }
  try {
    await deps.writeResultsFile(settings.resultsDir, DOTENV_FILE, text);
  } catch (error) {
    log.warning(`Could not write the dotenv report: ${(error as Error).message}`);
  }
  log.info(summaryLine(outcomes));
  return exitCode > EXIT_FAILED ? EXIT_ERROR : exitCode;
}

function summaryLine(outcomes: GitLabOutcome[]): string {
  return outcomes
    .map(({ result: r }) => {
      const tests = r.tests.total > 0 ? ` — ${r.tests.passed}/${r.tests.total} tests passed` : '';
      return `shakedown: ${r.workflow} ${r.status.replace('_', ' ')}${tests}`;
    })
    .join('\n');
}
