// `shakedown gitlab`: the command the CI/CD component's job runs. It takes no arguments: the
// template passes the component's inputs as SHAKEDOWN_INPUT_* variables and GitLab the job's
// facts as CI_* variables. Picks the GitLab adapters (reporter, log sections) and hands over to
// runGitLabJob.
import { GitLabReporter } from '../../adapters/gitlab/gitlab-reporter.js';
import { readGitLabContext, type GitLabContext } from '../../adapters/gitlab/gitlab-context.js';
import { GitLabSections } from '../../adapters/gitlab/log-sections.js';
import type { CliEnvironment } from '../../ports/cli-environment.js';
import { cliEngine } from '../ci/cli-engine.js';
import { cleanupCommand } from '../commands/cleanup.js';
import { cleanupGitLabJob } from './cleanup-gitlab.js';
import type { GitLabSettings } from './gitlab-settings.js';
import { runGitLabJob, type JobLog } from './run-gitlab.js';
import { maskedEnvironment } from '../masked-environment.js';
import { maskedSink } from '../run/masked-sink.js';

const USAGE = `Usage: shakedown gitlab [--cleanup]

Runs in a GitLab CI job started by the Shakedown CI/CD component: reads the component's inputs
from SHAKEDOWN_INPUT_* variables, runs each selected workflow as 'shakedown run' does (results in
<results-dir>/<workflow>/), posts a commit status and a merge request note (with a token from
the variable named by gitlab-token-variable), and writes <results-dir>/shakedown.env.

With --cleanup (the job's after_script), removes what the job's runs left in the cluster when the
job was cancelled or timed out before Shakedown could clean up; it only warns.

Exit codes: 0 passed, 1 failed or timed out, 2 error before or outside the tests.
`;

const YELLOW = '\u001b[33m';
const RED = '\u001b[31m';
const RESET = '\u001b[0m';

export async function gitlabCommand(args: string[], given: CliEnvironment): Promise<number> {
  // One masker for the job: console, results files, notes and statuses.
  const env = maskedEnvironment(given);
  const { masker } = env;
  if (args.includes('--help') || args.includes('-h')) {
    env.stdout(USAGE);
    return 0;
  }
  const cleanup = args.length === 1 && args[0] === '--cleanup';
  if (args.length > 0 && !cleanup) {
    env.stderr(
      `shakedown gitlab: takes no arguments but --cleanup (got '${args.join(' ')}'); set the component's inputs instead.\n\n${USAGE}`,
    );
    return 2;
  }
  const runEnv = env.run;
  if (!runEnv) {
    env.stderr('shakedown gitlab: running workflows is not available in this environment.\n');
    return 2;
  }
  const log: JobLog = {
    info: (message) => env.stderr(`${message}\n`),
    warning: (message) => env.stderr(`${YELLOW}WARNING: ${message}${RESET}\n`),
    error: (message) => env.stderr(`${RED}shakedown gitlab: ${message}${RESET}\n`),
  };
  if (cleanup) {
    return cleanupGitLabJob({
      env: env.env,
      readResultsFile: async (dir, name) => {
        const [file] = await env.files.readInputs([`${dir}/${name}`]).catch(() => []);
        return file?.text;
      },
      cleanup: async (runIds, settings) => {
        const code = await cleanupCommand(cleanupArguments(runIds, settings), env);
        if (code !== 0) throw new Error(`shakedown cleanup exited with ${code}`);
      },
      log,
    });
  }
  let context: GitLabContext;
  try {
    context = readGitLabContext(env.env);
  } catch (error) {
    env.stderr(`shakedown gitlab: ${(error as Error).message}\n`);
    return 2;
  }
  const now = () => runEnv.clock.now();
  const sections = new GitLabSections(env.stderr, now);
  try {
    return await runGitLabJob({
      env: env.env,
      // The engine's services, steps and workers become sections inside the workflow's.
      engine: cliEngine({ ...env, console: sections }, now),
      createReporter: (settings) => {
        masker.add([settings.token]);
        return new GitLabReporter({
          context,
          token: settings.token,
          tokenVariable: settings.tokenVariable,
          statusName: settings.statusName,
          comment: settings.comment,
          log,
          masker,
        });
      },
      writeResultsFile: (dir, name, text) =>
        maskedSink(runEnv.output(dir), masker).write(name, text),
      newRunId: () => runEnv.newRunId(),
      now,
      log,
      group: (title, options) => sections.group(title, options),
    });
  } finally {
    sections.closeAll();
  }
}

/** `shakedown cleanup`'s arguments for the job's runs. */
export function cleanupArguments(runIds: string[], settings: GitLabSettings): string[] {
  const args = runIds.flatMap((id) => ['--run-id', id]);
  if (settings.namespace !== undefined) args.push('--namespace', settings.namespace);
  if (settings.kubeconfig !== undefined) args.push('--kubeconfig', settings.kubeconfig);
  if (settings.context !== undefined) args.push('--context', settings.context);
  return args;
}
