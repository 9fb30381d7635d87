// The few GitLab REST calls Shakedown makes, over plain fetch: four endpoints do not justify a
// client library in the bundle, and fetch is built into Node 24.
// Endpoints: Notes API (merge request notes) and Commits API (commit statuses), /api/v4.
// Every request body passes the process's masker: a note or a status never carries a secret.
import { Masker } from '../../core/secrets/masker.js';
import { bodyExcerpt } from '../../core/http/body-excerpt.js';
import {
  DEFAULT_RETRY,
  isRetryableStatus,
  retryAfterMs,
  retryDelay,
  type RetryPolicy,
} from '../../core/http/retry-policy.js';

export interface MergeRequestNote {
  id: number;
  body: string;
  system: boolean;
}

export type CommitState = 'pending' | 'running' | 'success' | 'failed' | 'canceled' | 'skipped';

export interface CommitStatusInput {
  sha: string;
  state: CommitState;
  /** Shown as the status' name in the pipeline and MR widget. */
  name: string;
  ref?: string;
  targetUrl?: string;
  description?: string;
  pipelineId?: number;
}

export class GitLabApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'GitLabApiError';
  }

  /** The token may not do this (CI_JOB_TOKEN, a Guest-role token, a revoked token). */
  get isPermission(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

export interface GitLabApiOptions {
  /** CI_API_V4_URL, e.g. https://gitlab.example.com/api/v4 */
  apiUrl: string;
  /** CI_PROJECT_ID or the URL-encoded project path. */
  projectId: string;
  token: string;
  fetch?: typeof fetch;
  masker?: Masker;
  retry?: RetryPolicy;
  /** Per request; GitLab behind a stuck proxy must not hold the job. */
  timeoutMs?: number;
}

const PER_PAGE = 100;

export class GitLabApi {
  private readonly fetch: typeof fetch;
  private readonly masker: Masker;

  constructor(private readonly options: GitLabApiOptions) {
    this.fetch = options.fetch ?? fetch;
    this.masker = options.masker ?? new Masker();
    this.masker.add([options.token]);
  }

  /** Every note of a merge request, oldest first, following X-Next-Page. */
  async *listNotes(mrIid: number): AsyncGenerator<MergeRequestNote> {
    let page: string | null = '1';
    while (page) {
      const response = await this.request(
        'GET',
        `/merge_requests/${mrIid}/notes?sort=asc&order_by=created_at&per_page=${PER_PAGE}&page=${page}`,
      );
      for (const note of (await response.json()) as MergeRequestNote[]) yield note;
      page = response.headers.get('x-next-page') || null;
    }
  }

  async createNote(mrIid: number, body: string): Promise<MergeRequestNote> {
    const response = await this.request('POST', `/merge_requests/${mrIid}/notes`, { body });
    return (await response.json()) as MergeRequestNote;
  }

  async updateNote(mrIid: number, noteId: number, body: string): Promise<MergeRequestNote> {
    const response = await this.request('PUT', `/merge_requests/${mrIid}/notes/${noteId}`, {
      body,
    });
    return (await response.json()) as MergeRequestNote;
  }

  async setCommitStatus(status: CommitStatusInput): Promise<void> {
    const body: Record<string, unknown> = { state: status.state, name: status.name };
    if (status.ref) body.ref = status.ref;
    if (status.targetUrl) body.target_url = status.targetUrl;
    if (status.description) body.description = status.description;
    if (status.pipelineId !== undefined) body.pipeline_id = status.pipelineId;
    await this.request('POST', `/statuses/${status.sha}`, body);
  }

  private async request(method: string, path: string, body?: unknown): Promise<Response> {
    const { apiUrl, projectId, token } = this.options;
    const url = `${apiUrl.replace(/\/+$/, '')}/projects/${encodeURIComponent(projectId)}${path}`;
    const policy = this.options.retry ?? DEFAULT_RETRY;
    // Creating a note twice would post it twice: a POST of a note is repeated only after a 429,
    // which says the request was not processed. Statuses and the rest are idempotent.
    const repeatable = method !== 'POST' || path.startsWith('/statuses/');
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await this.fetch(url, {
          method,
          headers: {
            'PRIVATE-TOKEN': token,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : this.masker.mask(JSON.stringify(body)),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        });
      } catch (error) {
        const delay = repeatable ? retryDelay(policy, attempt) : undefined;
        if (delay === undefined) throw error;
        await pause(delay);
        continue;
      }
      if (response.ok) return response;
      const retryable =
        response.status === 429 || (repeatable && isRetryableStatus(response.status));
      const wait = retryAfterMs(response.headers.get('retry-after'), Date.now());
      const delay = retryable ? retryDelay(policy, attempt, wait) : undefined;
      if (delay === undefined) {
        const tries = attempt > 1 ? ` (${attempt} attempts)` : '';
        throw new GitLabApiError(
          response.status,
          `${method} ${path}: ${this.masker.mask(await describe(response))}${tries}`,
        );
      }
      await response.body?.cancel();
      await pause(delay);
    }
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function describe(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { message?: unknown; error?: unknown };
    const message = parsed.message ?? parsed.error;
    if (message !== undefined) {
      return `${response.status} ${bodyExcerpt(typeof message === 'string' ? message : JSON.stringify(message))}`;
    }
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return `${response.status} ${bodyExcerpt(text) || response.statusText}`;
}
