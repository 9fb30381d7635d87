// `shakedown run <paths…>`: runs one workflow in a cluster and writes its results. Exit 0 when
// the workflow passed, 1 when it failed (or timed out), 2 on an error before or outside the
// tests (bad input, no access, a service or image that cannot start, a cancel).
import { parseArgs } from 'node:util';
import { isRunId } from '../../core/engine/labels.js';
import { parseManifests } from '../../core/engine/manifests.js';
import { buildPlan, parseDuration } from '../../core/plan/index.js';
import { formatDiagnostic, formatNotice, loadWorkflows } from '../../core/spec/index.js';
import type { RunStatus } from '../../core/results/index.js';
import type { CliEnvironment } from '../../ports/cli-environment.js';
import type { KubeObject, KubePort } from '../../ports/kube.js';
import { readWorkflowInputs } from '../workflow-inputs.js';
import { chooseWorkflow, parseConfigPairs } from './plan.js';
import type { KeepNamespace } from '../run/namespace.js';
import { DEFAULT_GIT_IMAGE } from '../../core/engine/git-content.js';
import { DEFAULT_TOOLBOX_IMAGE, runPlan } from '../run/run-plan.js';
import { errorMessage, RunError } from '../run/run-context.js';
import { HTML_REPORT_FILE, RESULTS_FILE } from '../run/write-results.js';
import { maskedEnvironment } from '../masked-environment.js';
import { rawKubeconfigSecret } from '../../core/secrets/raw-kubeconfig.js';

const USAGE = `Usage: shakedown run [options] <path…>

Runs a TestWorkflow in a Kubernetes cluster: a fresh namespace (or --namespace), the manifests
of the app under test, the workflow's services and steps; then writes the results and removes
everything it created.

Options:
  --name NAME               the workflow to run when the inputs hold several
  --config KEY=VALUE        value of a spec.config parameter (repeatable)
  --kubeconfig FILE|YAML    kubeconfig file, YAML or base64 text (default: KUBECONFIG, ~/.kube/config, in-cluster)
  --context NAME            kubeconfig context (default: the current one)
  --namespace NS            run in this existing namespace (only our labelled objects are created and removed)
  --manifests PATH          manifests of the app under test: file, directory or glob (repeatable)
  --upload PATH             a workspace file or directory to place under /data before the steps (repeatable)
  --manifest-timeout D      how long the manifests may take to become ready (default 5m)
  --keep-namespace WHEN     never (default) | on-failure | always
  --timeout D               timeout of the whole run, e.g. 30m
  --out DIR                 output directory (default: ./shakedown-results): new, empty or an earlier
                            output (marked by .shakedown-output); only our files there are replaced
  --toolbox-image IMAGE     image with a static /bin/busybox (default: ${DEFAULT_TOOLBOX_IMAGE})
  --git-image IMAGE         image with git and sh for content.git clones (default: ${DEFAULT_GIT_IMAGE})
  --run-id ID               use this run id (4-20 lowercase letters and digits) instead of a random one
  -h, --help                show this help

Exit codes: 0 passed, 1 failed or timed out, 2 error before or outside the tests.
`;

const EXIT_PASSED = 0;
const EXIT_FAILED = 1;
const EXIT_ERROR = 2;

class UsageError extends Error {}

interface RunArgs {
  paths: string[];
  name?: string;
  config: Record<string, string>;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  manifests: string[];
  manifestTimeoutMs?: number;
  keepNamespace: KeepNamespace;
  timeoutMs?: number;
  out: string;
  toolboxImage: string;
  gitImage: string;
  upload: string[];
  runId?: string;
}

export function exitCodeOf(status: RunStatus): number {
  if (status === 'passed') return EXIT_PASSED;
  if (status === 'failed' || status === 'timed_out') return EXIT_FAILED;
  return EXIT_ERROR;
}

export async function runCommand(args: string[], given: CliEnvironment): Promise<number> {
  const env = maskedEnvironment(given);
  const { masker } = env;
  let options: RunArgs;
  try {
    const parsed = readArgs(args);
    if (parsed === 'help') {
      env.stdout(USAGE);
      return EXIT_PASSED;
    }
    options = parsed;
    masker.add(rawKubeconfigSecret(options.kubeconfig));
  } catch (error) {
    env.stderr(`shakedown run: ${errorMessage(error)}\n\n${USAGE}`);
    return EXIT_ERROR;
  }
  const fail = (message: string): number => {
    env.stderr(`shakedown run: ${message}\n`);
    return EXIT_ERROR;
  };
  const runEnv = env.run;
  if (!runEnv) return fail('running workflows is not available in this environment.');

  let inputs;
  try {
    inputs = await readWorkflowInputs(env.files, options.paths);
  } catch (error) {
    return fail(errorMessage(error));
  }
  const loaded = loadWorkflows(inputs.files, inputs.beside);
  const choice = chooseWorkflow(loaded, options.name);
  if ('usage' in choice) return fail(choice.usage);
  if ('invalid' in choice)
    return fail(
      `the workflow has problems:\n${loaded.diagnostics.map(formatDiagnostic).join('\n')}`,
    );
  const outcome = buildPlan(choice.workflow, {
    configValues: options.config,
    workflows: loaded.library,
  });
  if (!outcome.plan)
    return fail(
      `the workflow has problems:\n${outcome.diagnostics.map(formatDiagnostic).join('\n')}`,
    );

  masker.add(outcome.plan.sensitiveValues ?? []);
  for (const notice of outcome.notices) env.stderr(`${formatNotice(notice)}\n`);

  let manifests: KubeObject[] = [];
  try {
    if (options.manifests.length > 0)
      manifests = parseManifests(await env.files.readInputs(options.manifests));
  } catch (error) {
    return fail(`--manifests: ${errorMessage(error)}`);
  }

  let upload: Buffer | undefined;
  try {
    if (options.upload.length > 0) upload = await runEnv.archive(options.upload);
  } catch (error) {
    return fail(errorMessage(error));
  }

  // Refused before anything connects; the folder is changed only once the run starts.
  const sink = runEnv.output(options.out);
  try {
    await sink.check();
  } catch (error) {
    return fail(errorMessage(error));
  }

  let kube: KubePort;
  try {
    kube = await runEnv.connect({
      ...(options.kubeconfig !== undefined && { kubeconfig: options.kubeconfig }),
      ...(options.context !== undefined && { context: options.context }),
    });
    masker.add(kube.credentials?.() ?? []);
  } catch (error) {
    return fail(`cannot connect to the cluster: ${errorMessage(error)}`);
  }
  try {
    const result = await runPlan(
      {
        kube,
        ...(runEnv.images && { images: runEnv.images }),
        clock: runEnv.clock,
        sink,
        log: (line) => env.stderr(`${line}\n`),
        ...(env.console && { group: env.console.group.bind(env.console) }),
        onInterrupt: (handler) => runEnv.onInterrupt(handler),
        masker,
      },
      {
        plan: outcome.plan,
        runId: options.runId ?? runEnv.newRunId(),
        ...(options.namespace !== undefined && { namespace: options.namespace }),
        manifests,
        keepNamespace: options.keepNamespace,
        ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
        ...(options.manifestTimeoutMs !== undefined && {
          manifestTimeoutMs: options.manifestTimeoutMs,
        }),
        toolboxImage: options.toolboxImage,
        gitImage: options.gitImage,
        ...(upload && { upload }),
        ...(runUrl(env.env) && { runUrl: runUrl(env.env) }),
      },
    );
    env.stderr(`results: ${sink.locate(RESULTS_FILE)}\n`);
    env.stderr(`report: ${sink.locate(HTML_REPORT_FILE)}\n`);
    return exitCodeOf(result.status);
  } catch (error) {
    return fail(error instanceof RunError ? error.message : errorMessage(error));
  }
}

/** The CI job's URL, when the environment tells it (GitHub Actions, GitLab CI). */
function runUrl(env: Record<string, string | undefined>): string | undefined {
  if (env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID) {
    return `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`;
  }
  return env.CI_JOB_URL || undefined;
}

function readArgs(args: string[]): RunArgs | 'help' {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      config: { type: 'string', multiple: true, default: [] },
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      namespace: { type: 'string' },
      manifests: { type: 'string', multiple: true, default: [] },
      upload: { type: 'string', multiple: true, default: [] },
      'manifest-timeout': { type: 'string' },
      'keep-namespace': { type: 'string', default: 'never' },
      timeout: { type: 'string' },
      out: { type: 'string', default: 'shakedown-results' },
      'toolbox-image': { type: 'string', default: DEFAULT_TOOLBOX_IMAGE },
      'git-image': { type: 'string', default: DEFAULT_GIT_IMAGE },
      'run-id': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  if (positionals.length === 0)
    throw new UsageError('give at least one workflow file, directory or glob.');
  const keep = values['keep-namespace'];
  if (keep !== 'never' && keep !== 'on-failure' && keep !== 'always') {
    throw new UsageError(`--keep-namespace must be never, on-failure or always, not '${keep}'.`);
  }
  const runId = values['run-id'];
  if (runId !== undefined && !isRunId(runId)) {
    throw new UsageError(`--run-id '${runId}' must be 4 to 20 lowercase letters and digits.`);
  }
  const config = parseConfigPairs(values.config);
  return {
    paths: positionals,
    ...(values.name !== undefined && { name: values.name }),
    config,
    ...(values.kubeconfig !== undefined && { kubeconfig: values.kubeconfig }),
    ...(values.context !== undefined && { context: values.context }),
    ...(values.namespace !== undefined && { namespace: values.namespace }),
    manifests: values.manifests,
    ...(values['manifest-timeout'] !== undefined && {
      manifestTimeoutMs: duration('--manifest-timeout', values['manifest-timeout']),
    }),
    keepNamespace: keep,
    ...(values.timeout !== undefined && { timeoutMs: duration('--timeout', values.timeout) }),
    out: values.out,
    toolboxImage: values['toolbox-image'],
    gitImage: values['git-image'],
    upload: values.upload,
    ...(runId !== undefined && { runId }),
  };
}

function duration(flag: string, text: string): number {
  const parsed = parseDuration(text);
  if ('error' in parsed) throw new UsageError(`${flag}: ${parsed.error}`);
  if (parsed.ms <= 0) throw new UsageError(`${flag}: must be more than 0, not '${text}'`);
  return parsed.ms;
}
