// Wiring for the GitLab reporter contract tests: the predefined variables of a merge request
// pipeline pointing at the fake GitLab, and a GitLabReporter built from them as the
// `shakedown gitlab` command builds it.
import type { CommentMode } from '../../../src/core/report/index.js';
import { readGitLabContext } from '../../../src/adapters/gitlab/gitlab-context.js';
import { GitLabReporter } from '../../../src/adapters/gitlab/gitlab-reporter.js';
import type { RunResult } from '../../../src/core/results/model.js';
import type { ReportLinks } from '../../../src/ports/reporter.js';
import type { GitLabFakeServer } from '../../support/gitlab-fake-server.js';

export const SHA = 'c0ffee0c0ffee0c0ffee0c0ffee0c0ffee0c0ffe';
export const MR = 7;
export const JOB_URL = 'https://gitlab.example.com/acme/shop/-/jobs/4242';

/** What GitLab sets in a merge request pipeline (merge_request_event) of project 42. */
export function ciVariables(fake: GitLabFakeServer): Record<string, string> {
  const server = fake.apiUrl.replace(/\/api\/v4$/, '');
  return {
    GITLAB_CI: 'true',
    CI_SERVER_URL: server,
    CI_API_V4_URL: fake.apiUrl,
    CI_PROJECT_ID: fake.projectId,
    CI_PROJECT_PATH: fake.projectPath,
    CI_PROJECT_URL: `${server}/${fake.projectPath}`,
    CI_COMMIT_SHA: SHA,
    CI_COMMIT_REF_NAME: 'feature',
    CI_PIPELINE_ID: '555',
    CI_PIPELINE_URL: `${server}/${fake.projectPath}/-/pipelines/555`,
    CI_PIPELINE_SOURCE: 'merge_request_event',
    CI_JOB_URL: JOB_URL,
    CI_JOB_NAME: 'shakedown',
    CI_JOB_TOKEN: fake.jobToken,
    CI_MERGE_REQUEST_IID: String(MR),
    CI_MERGE_REQUEST_PROJECT_ID: fake.projectId,
    CI_MERGE_REQUEST_SOURCE_PROJECT_ID: fake.projectId,
    CI_MERGE_REQUEST_PROJECT_URL: `${server}/${fake.projectPath}`,
  };
}

export interface Logged {
  info: string[];
  warnings: string[];
}

export interface ReporterSetup {
  env?: Record<string, string>;
  token?: string;
  comment?: CommentMode;
}

export function reporterFor(
  fake: GitLabFakeServer,
  setup: ReporterSetup = {},
): { reporter: GitLabReporter; logged: Logged } {
  const logged: Logged = { info: [], warnings: [] };
  const reporter = new GitLabReporter({
    context: readGitLabContext(setup.env ?? ciVariables(fake)),
    token: setup.token ?? fake.token,
    tokenVariable: 'SHAKEDOWN_GITLAB_TOKEN',
    statusName: 'shakedown',
    comment: setup.comment ?? 'always',
    log: {
      info: (m) => void logged.info.push(m),
      warning: (m) => void logged.warnings.push(m),
    },
  });
  return { reporter, logged };
}

/** One run reported as the job reports it: started, then finished with `result`. */
export async function report(reporter: GitLabReporter, result: RunResult): Promise<ReportLinks> {
  const { runId, workflow, startedAt, namespace } = result;
  const run = await reporter.start({ runId, workflow, startedAt, namespace });
  return run.finish(result);
}
