// `shakedown gitlab`: the command the CI/CD component's job runs. It takes no arguments: the
// template passes the component's inputs as SHAKEDOWN_INPUT_* variables and GitLab the job's
// facts as CI_* variables. Picks the GitLab adapters (reporter, log sections) and hands over to
// runGitLabJob.
import { GitLabReporter } from '../../adapters/gitlab/gitlab-reporter.js';
import { readGitLabContext, type GitLabContext } from '../../adapters/gitlab/gitlab-context.js';
import { GitLabSections } from '../../adapters/gitlab/log-sections.js';
import type { CliEnvironment } from '../../ports/cli-environment.js';
import { cliEngine } from './cli-engine.js';
import { runGitLabJob, type JobLog } from './run-gitlab.js';

const USAGE = `Usage: shakedown gitlab

Runs in a GitLab CI job started by the Shakedown CI/CD component: reads the component's inputs
from SHAKEDOWN_INPUT_* variables, runs each selected workflow as 'shakedown run' does (results in
<results-dir>/<workflow>/), posts a commit status and a merge request note (with a token from
the variable named by gitlab-token-variable), and writes <results-dir>/shakedown.env.

Exit codes: 0 passed, 1 failed or timed out, 2 error before or outside the tests.
`;

const YELLOW = '\u001b[33m';
const RED = '\u001b[31m';
const RESET = '\u001b[0m';

export async function gitlabCommand(args: string[], env: CliEnvironment): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    env.stdout(USAGE);
    return 0;
  }
  if (args.length > 0) {
    env.stderr(
      `shakedown gitlab: takes no arguments (got '${args.join(' ')}'); set the component's inputs instead.\n\n${USAGE}`,
    );
    return 2;
  }
  const runEnv = env.run;
  if (!runEnv) {
    env.stderr('shakedown gitlab: running workflows is not available in this environment.\n');
    return 2;
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
  const log: JobLog = {
    info: (message) => env.stderr(`${message}\n`),
    warning: (message) => env.stderr(`${YELLOW}WARNING: ${message}${RESET}\n`),
    error: (message) => env.stderr(`${RED}shakedown gitlab: ${message}${RESET}\n`),
  };
  try {
    return await runGitLabJob({
      env: env.env,
      engine: cliEngine(env, now),
      createReporter: (settings) =>
        new GitLabReporter({
          context,
          token: settings.token,
          tokenVariable: settings.tokenVariable,
          statusName: settings.statusName,
          comment: settings.comment,
          log,
        }),
      writeResultsFile: (dir, name, text) => runEnv.output(dir).write(name, text),
      newRunId: () => runEnv.newRunId(),
      now,
      log,
      group: (title, options) => sections.group(title, options),
    });
  } finally {
    sections.closeAll();
  }
}
