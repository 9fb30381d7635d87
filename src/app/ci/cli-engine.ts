// The engine as a CI job uses it, on GitHub and GitLab alike: exactly `shakedown run` — the same
// command, flags, output directory layout and exit codes — called in-process with the job's
// inputs turned into its flags, then results.json read back (validated) for the reports. An
// error before the run could write results (bad input, no cluster access) becomes an `error`
// result carrying the command's message, so the reports still say what went wrong.
import { emptyTotals, parseResults, type RunResult } from '../../core/results/index.js';
import { formatDiagnostic, loadWorkflows } from '../../core/spec/index.js';
import type { CliEnvironment } from '../../ports/cli-environment.js';
import { runCommand } from '../commands/run.js';
import { RESULTS_FILE } from '../run/write-results.js';
import { readWorkflowInputs } from '../workflow-inputs.js';
import type { RunSettings } from './run-settings.js';
import type { WorkflowRunOutcome, WorkflowRunRequest } from './workflow-run.js';

export interface CliEngine {
  select(settings: RunSettings): Promise<string[]>;
  run(settings: RunSettings, request: WorkflowRunRequest): Promise<WorkflowRunOutcome>;
}

/** `shakedown run`'s arguments for one workflow of the settings. */
export function runArguments(settings: RunSettings, request: WorkflowRunRequest): string[] {
  const args = [...settings.workflows, '--name', request.workflow];
  for (const [key, value] of Object.entries(settings.config))
    args.push('--config', `${key}=${value}`);
  if (settings.kubeconfig !== undefined) args.push('--kubeconfig', settings.kubeconfig);
  if (settings.context !== undefined) args.push('--context', settings.context);
  if (settings.namespace !== undefined) args.push('--namespace', settings.namespace);
  for (const manifest of settings.manifests) args.push('--manifests', manifest);
  if (settings.timeout !== undefined) args.push('--timeout', settings.timeout);
  args.push('--keep-namespace', settings.keepNamespace);
  args.push('--out', request.resultsDir, '--run-id', request.runId);
  return args;
}

export function cliEngine(env: CliEnvironment, now: () => number): CliEngine {
  return {
    async select(settings) {
      const inputs = await readWorkflowInputs(env.files, settings.workflows);
      const loaded = loadWorkflows(inputs.files, inputs.beside);
      const names = [
        ...new Set(loaded.documents.filter((d) => d.kind === 'TestWorkflow').map((d) => d.name)),
      ];
      if (settings.names.length > 0) {
        const missing = settings.names.filter((n) => !names.includes(n));
        if (missing.length > 0) {
          throw new Error(
            `Input 'name': no workflow named ${missing.map((n) => `'${n}'`).join(', ')} in ${settings.workflows.join(', ')}; they hold: ${names.join(', ') || 'no TestWorkflow'}.`,
          );
        }
        return settings.names;
      }
      if (names.length === 0) {
        const problems = loaded.diagnostics.map(formatDiagnostic).join('\n');
        throw new Error(
          `No TestWorkflow in ${settings.workflows.join(', ')}${problems ? `:\n${problems}` : '.'}`,
        );
      }
      return names;
    },

    async run(settings, request) {
      const startedAt = now();
      let lastError = '';
      const stderr = (text: string) => {
        const match = /^shakedown run: ([^\n]*)/.exec(text);
        if (match) lastError = match[1]!;
        env.stderr(text);
      };
      const exitCode = await runCommand(runArguments(settings, request), { ...env, stderr });
      const result = await readResult(env, request).catch(() => undefined);
      if (result) return { result, exitCode };
      return {
        exitCode: Math.max(exitCode, 2),
        result: errorResult(request, startedAt, now(), lastError || 'the run wrote no results'),
      };
    },
  };
}

async function readResult(
  env: CliEnvironment,
  request: WorkflowRunRequest,
): Promise<RunResult | undefined> {
  const path = `${request.resultsDir}/${RESULTS_FILE}`;
  const [file] = await env.files.readInputs([path]);
  if (!file) return undefined;
  const result = parseResults(file.text, path);
  // A results.json of an earlier run in the same folder is not this run's.
  return result.runId === request.runId ? result : undefined;
}

function errorResult(
  request: WorkflowRunRequest,
  startedAt: number,
  endedAt: number,
  message: string,
): RunResult {
  return {
    version: 1,
    runId: request.runId,
    workflow: request.workflow,
    namespace: '',
    status: 'error',
    startedAt: new Date(startedAt).toISOString(),
    durationMs: Math.max(0, endedAt - startedAt),
    error: { message },
    services: [],
    steps: [],
    tests: emptyTotals(),
  };
}
