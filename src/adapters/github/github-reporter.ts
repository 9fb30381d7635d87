// Reports runs to GitHub: a check run per workflow (in progress, then completed with annotations)
// and a sticky PR comment per workflow. Publishing is best effort: a token that may not write
// (pull requests from forks, a missing `permissions:` entry) gets one clear warning and the run's
// outcome stays what the tests decided.
import { decideComment, withOutcome, type CommentMode } from '../../core/report/index.js';
import type { RunResult } from '../../core/results/model.js';
import type { Reporter, ReportLinks, RunReport, RunStart } from '../../ports/reporter.js';
import { BestEffort } from '../ci/best-effort.js';
import { completeCheckRun, startCheckRun, type CheckRunStart } from './check-run.js';
import { GitHubApiError, type GitHubApi } from './github-api.js';
import type { GitHubContext } from './github-context.js';
import type { GitHubRendering } from './github-rendering.js';
import { findJobUrl } from './job-url.js';
import { findStickyComment, writeStickyComment } from './sticky-comment.js';

export interface ReporterLog {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
}

export interface GitHubReporterOptions {
  api: GitHubApi;
  context: GitHubContext;
  rendering: GitHubRendering;
  log: ReporterLog;
  /** Check run name; the workflow's name is added, as there is one check run per workflow. */
  checkName: string;
  comment: CommentMode;
  /** Where the check run's "Details" lead; found from the job when not given. */
  detailsUrl?: string;
  /** The current time, as ISO-8601 (the check run's completed_at). */
  now: () => string;
}

// A comment must fit 65536 characters (GitHub answers 422 "Body is too long" above it).
export const COMMENT_MAX_CHARS = 65536;
// Check-run output.summary and output.text: at most 65535 bytes each.
export const CHECK_OUTPUT_MAX_BYTES = 65535;
// Check runs take at most 50 annotations per request.
export const ANNOTATIONS_PER_REQUEST = 50;

export class GitHubReporter implements Reporter {
  private readonly publish: BestEffort;
  private detailsUrl?: Promise<string | undefined>;

  constructor(private readonly options: GitHubReporterOptions) {
    this.publish = new BestEffort(
      (message) => options.log.warning(message),
      (error, what) =>
        error instanceof GitHubApiError && error.isPermission
          ? this.deniedMessage(what, error)
          : undefined,
    );
  }

  async start(run: RunStart): Promise<RunReport> {
    const { context, rendering, checkName } = this.options;
    const detailsUrl = await this.details();
    const start: CheckRunStart = {
      name: `${checkName} (${run.workflow})`,
      headSha: context.headSha,
      detailsUrl,
      externalId: run.runId,
      startedAt: run.startedAt,
      title: rendering.runningTitle(run),
      summary: rendering.runningSummary(run, { jobUrl: detailsUrl }),
    };
    const checkRun = await this.publish.attempt('create the check run', () =>
      startCheckRun(this.options.api, start),
    );
    return { finish: (result) => this.finish(start, checkRun?.id, result) };
  }

  private async finish(
    start: CheckRunStart,
    checkRunId: number | undefined,
    result: RunResult,
  ): Promise<ReportLinks> {
    const { rendering, api, now } = this.options;
    const links: ReportLinks = {};
    const { batches, note } = rendering.annotations(result, ANNOTATIONS_PER_REQUEST);
    const checkRun = await this.publish.attempt('complete the check run', () =>
      completeCheckRun(api, checkRunId, start, {
        conclusion: rendering.conclusion(result.status),
        completedAt: now(),
        title: rendering.checkTitle(result),
        summary: rendering.checkSummary(result, {
          maxBytes: CHECK_OUTPUT_MAX_BYTES,
          notes: note ? [note] : [],
          fullResultsUrl: start.detailsUrl,
        }),
        batches,
      }),
    );
    const shown = { ...result.links };
    if (start.detailsUrl) shown.job = start.detailsUrl;
    if (checkRun) {
      links.checkUrl = checkRun.htmlUrl;
      shown['check run'] = checkRun.htmlUrl;
    }
    links.commentUrl = await this.comment({ ...result, links: shown }, start.detailsUrl);
    return links;
  }

  private async comment(result: RunResult, fullResultsUrl?: string): Promise<string | undefined> {
    const { context, rendering, api, log, comment: mode } = this.options;
    if (mode === 'off') return undefined;
    const issue = context.pullNumber;
    if (issue === undefined) {
      log.debug(
        `Event '${context.eventName ?? 'unknown'}' is not about a pull request: no comment.`,
      );
      return undefined;
    }
    const marker = rendering.commentMarker(result.workflow);
    const found = await this.publish.attempt('read the pull request comments', async () => ({
      existing: await findStickyComment(api, issue, marker),
    }));
    // Without the complete list, a new comment could be a duplicate: better none this time.
    if (!found) return undefined;
    const { existing } = found;
    const action = decideComment(mode, result, existing?.body);
    const body = withOutcome(result, COMMENT_MAX_CHARS, (maxChars) =>
      rendering.comment(result, { maxChars, fullResultsUrl }),
    );
    const written = await this.publish.attempt('write the pull request comment', () =>
      writeStickyComment(api, issue, existing, action, body),
    );
    if (written) log.debug(`PR comment ${written.action}: ${written.url ?? 'none'}`);
    return written?.url;
  }

  private details(): Promise<string | undefined> {
    const { api, context, log, detailsUrl } = this.options;
    this.detailsUrl ??= detailsUrl
      ? Promise.resolve(detailsUrl)
      : findJobUrl(api, context, (m) => log.debug(m));
    return this.detailsUrl;
  }

  private deniedMessage(what: string, error: GitHubApiError): string {
    const { owner, repo, fromFork } = this.options.context;
    const why = fromFork
      ? 'This pull request comes from a fork, and GitHub gives such runs a read-only token. ' +
        'To report on fork pull requests, upload the results and post them from a workflow_run ' +
        'workflow (see the "Pull requests from forks" recipe in the README).'
      : 'Give the job `permissions: { checks: write, pull-requests: write }`, or pass a ' +
        '`github-token` that may write checks and comments.';
    return (
      `Shakedown could not ${what} on ${owner}/${repo} (${error.message}), ` +
      `so no check run or pull request comment is posted. The tests ran; their results are in ` +
      `the job summary and the outputs. ${why}`
    );
  }
}
