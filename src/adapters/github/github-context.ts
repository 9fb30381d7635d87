// The facts about the current GitHub Actions job that reporting needs, read once from the
// runner's variables and the event payload. @actions/github's `context` is built when the module
// is first imported; reading the environment here, when asked, keeps tests and the report-only
// mode (which reads another run's event file) in control of what is used.
import { readFileSync } from 'node:fs';
import { toInt, trimSlash } from '../ci/env-values.js';

export interface GitHubContext {
  owner: string;
  repo: string;
  /** Web URL, e.g. https://github.com. */
  serverUrl: string;
  /** REST API URL, e.g. https://api.github.com. */
  apiUrl: string;
  eventName?: string;
  /** The commit the check run belongs to: a pull request's head commit, not its merge commit. */
  headSha: string;
  /** The pull request the comment goes to, when the event is about one. */
  pullNumber?: number;
  /** A pull request from a fork: its GITHUB_TOKEN is read-only. */
  fromFork: boolean;
  runId?: number;
  runAttempt: number;
  /** Name of the runner executing this job, used to find the job's own page. */
  runnerName?: string;
  /** The workflow run page (this run's, or in report-only mode the run that produced results). */
  runUrl?: string;
}

type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Reads the context from the runner's variables. `eventFile` overrides GITHUB_EVENT_PATH: in the
 * workflow_run recipe the uploaded event of the pull request's run says which PR and commit the
 * results belong to.
 */
export function readGitHubContext(
  env: Record<string, string | undefined>,
  eventFile?: string,
): GitHubContext {
  const repository = env.GITHUB_REPOSITORY ?? '';
  const [owner, repo] = repository.split('/');
  if (!owner || !repo) {
    throw new Error(
      `GITHUB_REPOSITORY is '${repository}'. Expected {owner}/{repo}, as the Actions runner sets it.`,
    );
  }
  const path = eventFile ?? env.GITHUB_EVENT_PATH;
  const payload = path ? readPayload(path) : {};
  const ownEvent = eventFile ? readPayload(env.GITHUB_EVENT_PATH) : payload;
  const serverUrl = trimSlash(env.GITHUB_SERVER_URL ?? 'https://github.com');
  const runId = toInt(env.GITHUB_RUN_ID);
  const runAttempt = toInt(env.GITHUB_RUN_ATTEMPT) ?? 1;
  const pr = payload.pull_request ?? payload.workflow_run?.pull_requests?.[0];
  const headRepo =
    payload.pull_request?.head?.repo?.full_name ?? payload.workflow_run?.head_repository?.full_name;
  const baseRepo = payload.pull_request?.base?.repo?.full_name ?? `${owner}/${repo}`;
  const ownRun = runId
    ? `${serverUrl}/${owner}/${repo}/actions/runs/${runId}/attempts/${runAttempt}`
    : undefined;
  return {
    owner,
    repo,
    serverUrl,
    apiUrl: trimSlash(env.GITHUB_API_URL ?? 'https://api.github.com'),
    eventName: env.GITHUB_EVENT_NAME,
    headSha: pr?.head?.sha ?? payload.workflow_run?.head_sha ?? env.GITHUB_SHA ?? '',
    pullNumber: typeof pr?.number === 'number' ? pr.number : undefined,
    fromFork: typeof headRepo === 'string' && headRepo !== baseRepo,
    runId,
    runAttempt,
    runnerName: env.RUNNER_NAME,
    // In the workflow_run recipe, link to the run that ran the tests, not to the reporting one.
    runUrl: ownEvent.workflow_run?.html_url ?? payload.workflow_run?.html_url ?? ownRun,
  };
}

function readPayload(path: string | undefined): Payload {
  if (!path) return {};
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(
      `Cannot read the event payload '${path}'. Expected a JSON file written by the runner.`,
    );
  }
  try {
    return JSON.parse(text) as Payload;
  } catch (error) {
    throw new Error(`The event payload '${path}' is not JSON: ${(error as Error).message}`);
  }
}
