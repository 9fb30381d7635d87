// The few GitHub REST operations Shakedown uses, behind one small interface so the publishers can
// be read without Octokit's generics and tested against a fake. This file and nothing else in
// the project talks to @actions/github; HTTP failures are mapped once into GitHubApiError.
//
// Every request's parameters pass the process's masker in one Octokit hook, so no check run,
// annotation or comment carries a secret, whatever built it.
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { bodyExcerpt } from '../../core/http/body-excerpt.js';
import { Masker } from '../../core/secrets/masker.js';

/** Request options Octokit uses to address the call, not content it sends. */
const ADDRESSING = new Set(['method', 'url', 'baseUrl', 'headers', 'request', 'mediaType']);

export type Conclusion = 'success' | 'failure' | 'cancelled' | 'timed_out' | 'neutral' | 'skipped';

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
}

export interface CheckRunOutput {
  title: string;
  summary: string;
  text?: string;
  annotations?: Annotation[];
}

export interface CheckRunFields {
  name?: string;
  details_url?: string;
  external_id?: string;
  status?: 'in_progress' | 'completed';
  started_at?: string;
  conclusion?: Conclusion;
  completed_at?: string;
  output?: CheckRunOutput;
}

export interface Posted {
  id: number;
  htmlUrl: string;
}

export interface IssueComment extends Posted {
  body: string;
}

export interface Job {
  id: number;
  name: string;
  runnerName: string | null;
  status: string;
  htmlUrl: string | null;
}

export interface GitHubApi {
  createCheckRun(headSha: string, fields: CheckRunFields & { name: string }): Promise<Posted>;
  updateCheckRun(id: number, fields: CheckRunFields): Promise<Posted>;
  /** Every comment of an issue or pull request, oldest first, following pagination. */
  listComments(issue: number): AsyncIterable<IssueComment>;
  createComment(issue: number, body: string): Promise<Posted>;
  updateComment(id: number, body: string): Promise<Posted>;
  listJobs(runId: number, attempt: number): Promise<Job[]>;
}

/** An HTTP failure from the GitHub API, with the status and GitHub's message. */
export class GitHubApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly operation: string,
  ) {
    super(message);
    this.name = 'GitHubApiError';
  }

  /** 403/404 on a write: the token may read but not write (fork PRs, missing permissions). */
  get isPermission(): boolean {
    return this.status === 403 || this.status === 404;
  }
}

async function mapped<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (typeof status !== 'number') throw error;
    const data = (error as { response?: { data?: { message?: string } } }).response?.data;
    const message = bodyExcerpt(String(data?.message ?? (error as Error).message));
    throw new GitHubApiError(status, `${status} ${message}`, operation);
  }
}

export interface GitHubRetry {
  /** Retries after a 5xx (3 by default, as @octokit/plugin-retry). */
  retries: number;
  /** Unit of the retry delays (attempt² × this); 1 s by default. */
  baseMs: number;
  /** Rate-limit (403/429 with Retry-After) retries allowed per request. */
  rateLimitRetries: number;
  /** Octokit's request spacing (one write a second, GitHub's advice); tests turn it off. */
  spacing: boolean;
}

export const DEFAULT_GITHUB_RETRY: GitHubRetry = {
  retries: 3,
  baseMs: 1000,
  rateLimitRetries: 2,
  spacing: true,
};

export function createGitHubApi(
  token: string,
  repository: { owner: string; repo: string; apiUrl: string },
  options: { masker?: Masker; tuning?: GitHubRetry } = {},
): GitHubApi {
  const masker = options.masker ?? new Masker();
  const tuning = options.tuning ?? DEFAULT_GITHUB_RETRY;
  masker.add([token]);
  const retryLimit = (_after: number, _options: unknown, _octokit: unknown, count: number) =>
    count < tuning.rateLimitRetries;
  // baseUrl is passed explicitly: @actions/github reads GITHUB_API_URL when it is first imported.
  // Octokit's own plugins retry 5xx and wait out rate limits (Retry-After, x-ratelimit-reset).
  const octokit = getOctokit(
    token,
    {
      baseUrl: repository.apiUrl,
      retry: { retries: tuning.retries, retryAfterBaseValue: tuning.baseMs },
      throttle: {
        enabled: tuning.spacing,
        retryAfterBaseValue: tuning.baseMs,
        onRateLimit: retryLimit,
        onSecondaryRateLimit: retryLimit,
      },
    },
    retry,
    throttling,
  );
  octokit.hook.before('request', (options) => {
    const fields = options as unknown as Record<string, unknown>;
    for (const key of Object.keys(fields))
      if (!ADDRESSING.has(key)) fields[key] = masker.maskDeep(fields[key]);
  });
  const { owner, repo } = repository;
  const posted = (data: { id: number; html_url: string | null }): Posted => ({
    id: data.id,
    htmlUrl: data.html_url ?? '',
  });
  return {
    createCheckRun: (head_sha, fields) =>
      mapped('create check run', async () =>
        posted((await octokit.rest.checks.create({ owner, repo, head_sha, ...fields })).data),
      ),
    updateCheckRun: (check_run_id, fields) =>
      mapped('update check run', async () =>
        posted((await octokit.rest.checks.update({ owner, repo, check_run_id, ...fields })).data),
      ),
    async *listComments(issue_number) {
      const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
        owner,
        repo,
        issue_number,
        per_page: 100,
      });
      const iterator = pages[Symbol.asyncIterator]();
      for (;;) {
        const page = await mapped('list comments', () => iterator.next());
        if (page.done) return;
        for (const c of page.value.data) yield { ...posted(c), body: c.body ?? '' };
      }
    },
    createComment: (issue_number, body) =>
      mapped('create comment', async () =>
        posted((await octokit.rest.issues.createComment({ owner, repo, issue_number, body })).data),
      ),
    updateComment: (comment_id, body) =>
      mapped('update comment', async () =>
        posted((await octokit.rest.issues.updateComment({ owner, repo, comment_id, body })).data),
      ),
    listJobs: (run_id, attempt_number) =>
      mapped('list jobs', async () => {
        const { data } = await octokit.rest.actions.listJobsForWorkflowRunAttempt({
          owner,
          repo,
          run_id,
          attempt_number,
          per_page: 100,
        });
        return data.jobs.map((j) => ({
          id: j.id,
          name: j.name,
          runnerName: j.runner_name,
          status: j.status,
          htmlUrl: j.html_url,
        }));
      }),
  };
}
