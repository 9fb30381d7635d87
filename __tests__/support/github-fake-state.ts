// What the fake GitHub remembers between requests (check runs, comments, jobs) and how it
// answers the operations Shakedown uses. Objects start from the OpenAPI description's examples
// so they carry every field GitHub returns; ids, URLs and timestamps are made consistent.
import { checkCommentBody, checkOutput, notFound } from './github-fake-answers.js';
import type { OpenApiValidator, Route } from './openapi-validator.js';

type Json = Record<string, unknown>;

export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Why a request was refused with 422 (recorded as a violation). */
  violation?: string;
}

export interface FakeAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: string;
  message: string;
  title?: string;
  raw_details?: string;
}

export interface FakeCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  details_url: string | null;
  external_id: string | null;
  started_at: string | null;
  completed_at: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  /** Every annotation sent, in order (GitHub appends them across PATCH calls). */
  annotations: FakeAnnotation[];
}

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
  login: string;
  created_at: string;
  updated_at: string;
}

export interface FakeJob {
  id: number;
  run_id: number;
  run_attempt: number;
  name: string;
  runner_name: string | null;
  status: 'queued' | 'in_progress' | 'completed';
}

const BOT = 'github-actions[bot]';

export class FakeGitHubState {
  readonly checkRuns: FakeCheckRun[] = [];
  readonly comments: FakeComment[] = [];
  readonly jobs: FakeJob[] = [];
  readonly serverUrl: string;
  private nextId = 1;
  private clock = Date.parse('2025-06-02T10:00:00Z');

  constructor(
    private readonly openapi: OpenApiValidator,
    private readonly repoInfo: {
      owner: string;
      repo: string;
      repositoryId: number;
      apiUrl: string;
      serverUrl: string;
    },
  ) {
    this.serverUrl = repoInfo.serverUrl;
  }

  /** Adds comments written by someone (or by an earlier run) before the test starts. */
  seedComment(issue: number, body: string, login = 'octocat'): FakeComment {
    const at = this.now();
    const comment = {
      id: 1000 + this.nextId++,
      issue,
      body,
      login,
      created_at: at,
      updated_at: at,
    };
    this.comments.push(comment);
    return comment;
  }

  addJob(job: Omit<FakeJob, 'id'>): FakeJob {
    const created = { id: 30000 + this.nextId++, ...job };
    this.jobs.push(created);
    return created;
  }

  commentsOn(issue: number): FakeComment[] {
    return this.comments.filter((c) => c.issue === issue);
  }

  handle(route: Route, query: URLSearchParams, body: unknown): FakeAnswer {
    switch (route.operationId) {
      case 'checks/create':
        return this.createCheckRun(body as Json);
      case 'checks/update':
        return this.updateCheckRun(Number(route.params.check_run_id), body as Json);
      case 'issues/list-comments':
        return this.listComments(route, query);
      case 'issues/create-comment':
        return this.createComment(Number(route.params.issue_number), body as Json);
      case 'issues/update-comment':
        return this.updateComment(Number(route.params.comment_id), body as Json);
      case 'actions/list-jobs-for-workflow-run-attempt':
        return this.listJobs(Number(route.params.run_id), Number(route.params.attempt_number));
      default:
        return { status: 501, body: { message: `The fake does not serve ${route.operationId}` } };
    }
  }

  private createCheckRun(body: Json): FakeAnswer {
    const refused = checkOutput(body.output as Json | undefined);
    if (refused) return refused;
    const run: FakeCheckRun = {
      id: 4000000000 + this.nextId++,
      name: body.name as string,
      head_sha: body.head_sha as string,
      status: 'queued',
      conclusion: null,
      details_url: null,
      external_id: null,
      started_at: this.now(),
      completed_at: null,
      output: { title: null, summary: null, text: null },
      annotations: [],
    };
    this.applyCheckRun(run, body);
    this.checkRuns.push(run);
    return { status: 201, body: this.checkRunJson(run) };
  }

  private updateCheckRun(id: number, body: Json): FakeAnswer {
    const run = this.checkRuns.find((r) => r.id === id);
    if (!run) return notFound();
    const refused = checkOutput(body.output as Json | undefined);
    if (refused) return refused;
    this.applyCheckRun(run, body);
    return { status: 200, body: this.checkRunJson(run) };
  }

  private applyCheckRun(run: FakeCheckRun, body: Json): void {
    for (const key of ['name', 'details_url', 'external_id', 'started_at'] as const) {
      if (typeof body[key] === 'string') run[key] = body[key];
    }
    if (typeof body.status === 'string') run.status = body.status;
    // Setting a conclusion completes the run, whatever status was sent.
    if (typeof body.conclusion === 'string') {
      run.conclusion = body.conclusion;
      run.status = 'completed';
      run.completed_at = typeof body.completed_at === 'string' ? body.completed_at : this.now();
    }
    const output = body.output as Json | undefined;
    if (output) {
      run.output = {
        title: (output.title as string) ?? run.output.title,
        summary: (output.summary as string) ?? run.output.summary,
        text: (output.text as string) ?? run.output.text,
      };
      run.annotations.push(...((output.annotations as FakeAnnotation[] | undefined) ?? []));
    }
  }

  private checkRunJson(run: FakeCheckRun): Json {
    const { owner, repo, apiUrl } = this.repoInfo;
    const json = this.openapi.example<Json>('check-run-example-of-in-progress-conclusion');
    const { annotations, output, ...fields } = run;
    return {
      ...json,
      ...fields,
      node_id: Buffer.from(`CheckRun${run.id}`).toString('base64'),
      url: `${apiUrl}/repos/${owner}/${repo}/check-runs/${run.id}`,
      html_url: `${this.serverUrl}/${owner}/${repo}/runs/${run.id}`,
      output: {
        ...output,
        annotations_count: annotations.length,
        annotations_url: `${apiUrl}/repos/${owner}/${repo}/check-runs/${run.id}/annotations`,
      },
      app: { ...(json.app as Json), slug: 'github-actions', name: 'GitHub Actions' },
      pull_requests: [],
    };
  }

  private listComments(route: Route, query: URLSearchParams): FakeAnswer {
    const issue = Number(route.params.issue_number);
    const all = this.commentsOn(issue);
    // GitHub caps per_page at 100 and defaults to 30.
    const perPage = Math.min(Number(query.get('per_page') ?? 30) || 30, 100);
    const page = Math.max(Number(query.get('page') ?? 1) || 1, 1);
    const pages = Math.max(Math.ceil(all.length / perPage), 1);
    const slice = all.slice((page - 1) * perPage, page * perPage);
    const link = (n: number, rel: string): string => {
      const params = new URLSearchParams(query);
      params.set('page', String(n));
      const { apiUrl, repositoryId } = this.repoInfo;
      return `<${apiUrl}/repositories/${repositoryId}/issues/${issue}/comments?${params}>; rel="${rel}"`;
    };
    const links: string[] = [];
    if (page > 1) links.push(link(page - 1, 'prev'));
    if (page < pages) links.push(link(page + 1, 'next'), link(pages, 'last'));
    if (page > 1) links.push(link(1, 'first'));
    return {
      status: 200,
      body: slice.map((c) => this.commentJson(c)),
      headers: links.length > 0 ? { link: links.join(', ') } : {},
    };
  }

  private createComment(issue: number, body: Json): FakeAnswer {
    const refused = checkCommentBody(body.body as string);
    if (refused) return refused;
    const comment = this.seedComment(issue, body.body as string, BOT);
    return { status: 201, body: this.commentJson(comment) };
  }

  private updateComment(id: number, body: Json): FakeAnswer {
    const comment = this.comments.find((c) => c.id === id);
    if (!comment) return notFound();
    const refused = checkCommentBody(body.body as string);
    if (refused) return refused;
    comment.body = body.body as string;
    comment.updated_at = this.now();
    return { status: 200, body: this.commentJson(comment) };
  }

  private commentJson(comment: FakeComment): Json {
    const { owner, repo, apiUrl } = this.repoInfo;
    const json = this.openapi.example<Json>('issue-comment');
    const bot = comment.login === BOT;
    return {
      ...json,
      id: comment.id,
      node_id: Buffer.from(`IssueComment${comment.id}`).toString('base64'),
      url: `${apiUrl}/repos/${owner}/${repo}/issues/comments/${comment.id}`,
      html_url: `${this.serverUrl}/${owner}/${repo}/pull/${comment.issue}#issuecomment-${comment.id}`,
      issue_url: `${apiUrl}/repos/${owner}/${repo}/issues/${comment.issue}`,
      body: comment.body,
      user: {
        ...(json.user as Json),
        login: comment.login,
        id: bot ? 41898282 : 583231,
        type: bot ? 'Bot' : 'User',
      },
      author_association: bot ? 'NONE' : 'MEMBER',
      created_at: comment.created_at,
      updated_at: comment.updated_at,
    };
  }

  private listJobs(runId: number, attempt: number): FakeAnswer {
    const jobs = this.jobs.filter((j) => j.run_id === runId && j.run_attempt === attempt);
    const { owner, repo, apiUrl } = this.repoInfo;
    const example = this.openapi.example<Json>('job');
    return {
      status: 200,
      body: {
        total_count: jobs.length,
        jobs: jobs.map((job) => ({
          ...example,
          ...job,
          url: `${apiUrl}/repos/${owner}/${repo}/actions/jobs/${job.id}`,
          html_url: `${this.serverUrl}/${owner}/${repo}/actions/runs/${job.run_id}/job/${job.id}`,
          run_url: `${apiUrl}/repos/${owner}/${repo}/actions/runs/${job.run_id}`,
          conclusion: null,
          created_at: this.now(),
          started_at: this.now(),
          completed_at: null,
        })),
      },
    };
  }

  private now(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString().replace(/\.\d+Z$/, 'Z');
  }
}
