// The action's composition root: the real runner, GitHub, cluster, files and clock behind the
// app layer's ports. The main and post entries pick what they need from here.
import { createActionReporter } from '../adapters/github/action-reporter.js';
import { actionsRuntime } from '../adapters/github/actions-runtime.js';
import { readResultsFiles } from '../adapters/github/results-reader.js';
import { LocalFileSource } from '../adapters/fs/local-file-source.js';
import { connect, kubeconfigSecrets } from '../adapters/kubernetes/index.js';
import { nodeRunEnvironment } from '../adapters/system/node-run-environment.js';
import type { ActionRuntime } from '../app/action/action-runtime.js';
import type { ActionSettings } from '../app/action/action-settings.js';
import type { ActionDeps } from '../app/action/run-action.js';
import type { PostDeps } from '../app/action/run-post.js';
import { sensitiveConfigValues } from '../app/action/sensitive-config.js';
import { cliEngine } from '../app/ci/cli-engine.js';
import { renderJobSummary } from '../core/report/index.js';
import type { CliEnvironment } from '../ports/cli-environment.js';
import { Masker } from '../core/secrets/masker.js';
import { maskedRuntime } from '../app/action/masked-runtime.js';

/** `shakedown run`'s environment, rooted at the working directory. */
function engineEnvironment(directory: string, masker: Masker): CliEnvironment {
  return {
    masker,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    files: new LocalFileSource(directory),
    run: nodeRunEnvironment(directory),
  };
}

async function clusterSecrets(settings: ActionSettings): Promise<string[]> {
  const { kubeconfig, context, workingDirectory: cwd } = settings;
  const connection = await connect({ kubeconfig, context, cwd });
  return kubeconfigSecrets(connection.config);
}

export function actionMainDeps(runner: ActionRuntime = actionsRuntime()): ActionDeps {
  // One masker for the step: the runner's log, outputs and summary, the engine's console and
  // files, and the GitHub requests.
  const masker = new Masker();
  const runtime = maskedRuntime(runner, masker);
  return {
    runtime,
    createEngine: (settings) =>
      cliEngine(engineEnvironment(settings.workingDirectory, masker), Date.now),
    createReporter: (settings) => createActionReporter(settings, runtime.env, runtime, masker),
    clusterSecrets,
    sensitiveValues: (settings, workflows) =>
      sensitiveConfigValues(new LocalFileSource(settings.workingDirectory), settings, workflows),
    readResults: async (paths) => readResultsFiles(paths),
    renderJobSummary: (run, { maxBytes }) => renderJobSummary(run, { limit: maxBytes }),
    newRunId: () => nodeRunEnvironment().newRunId(),
    now: () => Date.now(),
  };
}

export function actionPostDeps(): PostDeps {
  return {
    connect: (settings) =>
      nodeRunEnvironment(settings.workingDirectory).connect({
        kubeconfig: settings.kubeconfig,
        context: settings.context,
      }),
    clusterSecrets,
  };
}
