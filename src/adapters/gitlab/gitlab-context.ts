// The facts about the current GitLab CI job that reporting needs, read once from the predefined
// CI_* variables (https://docs.gitlab.com/ci/variables/predefined_variables/).
//
// The merge request a note goes to: in a merge request pipeline GitLab says which one
// (CI_MERGE_REQUEST_IID, in the target project CI_MERGE_REQUEST_PROJECT_ID — for a fork that is
// the upstream project, not this one). In a branch pipeline CI_OPEN_MERGE_REQUESTS lists up to
// four open merge requests whose source is this branch, as `group/project!iid`; one in this
// project is preferred, since a project token of this project can write there.
import { toInt, trimSlash } from '../ci/env-values.js';

export interface MergeRequestRef {
  /** Project id, or the project path (the API takes either). */
  project: string;
  iid: number;
  /** The merge request's page. */
  webUrl?: string;
}

export interface GitLabContext {
  /** CI_API_V4_URL, e.g. https://gitlab.example.com/api/v4 */
  apiUrl: string;
  /** CI_SERVER_URL, e.g. https://gitlab.example.com */
  serverUrl: string;
  /** CI_PROJECT_ID: where the commit status goes. */
  projectId: string;
  projectPath: string;
  projectUrl?: string;
  /** The commit the status belongs to. */
  sha: string;
  ref?: string;
  pipelineId?: number;
  pipelineUrl?: string;
  jobUrl?: string;
  jobName?: string;
  /** The job's own token: it can read notes, but not write notes or statuses. */
  jobToken?: string;
  mergeRequest?: MergeRequestRef;
  /** A merge request from a fork: the upstream project's variables (and token) are not passed. */
  fromFork: boolean;
}

type Env = Record<string, string | undefined>;

/** Reads the context; throws naming the variable when the job does not look like GitLab CI. */
export function readGitLabContext(env: Env): GitLabContext {
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) {
      throw new Error(
        `${name} is not set. Expected the predefined variables of a GitLab CI job (GITLAB_CI=true); ` +
          'outside GitLab CI, use `shakedown run`.',
      );
    }
    return value;
  };
  const serverUrl = trimSlash(required('CI_SERVER_URL'));
  const projectPath = required('CI_PROJECT_PATH');
  const sourceProject = env.CI_MERGE_REQUEST_SOURCE_PROJECT_ID;
  const targetProject = env.CI_MERGE_REQUEST_PROJECT_ID;
  return {
    apiUrl: trimSlash(env.CI_API_V4_URL || `${serverUrl}/api/v4`),
    serverUrl,
    projectId: required('CI_PROJECT_ID'),
    projectPath,
    projectUrl: env.CI_PROJECT_URL || `${serverUrl}/${projectPath}`,
    sha: required('CI_COMMIT_SHA'),
    ref: env.CI_COMMIT_REF_NAME || undefined,
    pipelineId: toInt(env.CI_PIPELINE_ID),
    pipelineUrl: env.CI_PIPELINE_URL || undefined,
    jobUrl: env.CI_JOB_URL || undefined,
    jobName: env.CI_JOB_NAME || undefined,
    jobToken: env.CI_JOB_TOKEN || undefined,
    mergeRequest: mergeRequestOf(env, serverUrl, projectPath),
    fromFork: Boolean(sourceProject && targetProject && sourceProject !== targetProject),
  };
}

function mergeRequestOf(
  env: Env,
  serverUrl: string,
  projectPath: string,
): MergeRequestRef | undefined {
  const iid = toInt(env.CI_MERGE_REQUEST_IID);
  if (iid !== undefined) {
    const project = env.CI_MERGE_REQUEST_PROJECT_ID || env.CI_PROJECT_ID || projectPath;
    const base =
      env.CI_MERGE_REQUEST_PROJECT_URL ||
      (project === env.CI_PROJECT_ID ? `${serverUrl}/${projectPath}` : undefined);
    return { project, iid, webUrl: base && `${trimSlash(base)}/-/merge_requests/${iid}` };
  }
  const open = (env.CI_OPEN_MERGE_REQUESTS ?? '')
    .split(',')
    .map((entry) => /^(.+)!(\d+)$/.exec(entry.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([, path, number]) => ({ path: path!, iid: Number(number) }));
  const chosen = open.find((mr) => mr.path === projectPath) ?? open[0];
  if (!chosen) return undefined;
  return {
    project: chosen.path === projectPath && env.CI_PROJECT_ID ? env.CI_PROJECT_ID : chosen.path,
    iid: chosen.iid,
    webUrl: `${serverUrl}/${chosen.path}/-/merge_requests/${chosen.iid}`,
  };
}
