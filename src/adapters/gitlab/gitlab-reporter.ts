// Reports runs to GitLab: a commit status per workflow (running, then success/failed/canceled,
// linking to the job) and a sticky merge request note per workflow. Publishing is best effort:
// without a token that may write (none given, the job's own CI_JOB_TOKEN, a token GitLab
// refuses) it says so once and the job's outcome stays what the tests decided — the JUnit report
// still shows the results in the merge request.
import {
  checkTitle,
  commentMarker,
  commitStatusState,
  decideComment,
  GITLAB_NOTE_LIMIT_CHARS,
  renderComment,
  withOutcome,
  type CommentMode,
} from '../../core/report/index.js';
import type { RunResult } from '../../core/results/model.js';
import type { Reporter, ReportLinks, RunReport, RunStart } from '../../ports/reporter.js';
import { BestEffort } from '../ci/best-effort.js';
import { GitLabApi, GitLabApiError, type CommitState } from './gitlab-api.js';
import type { Masker } from '../../core/secrets/masker.js';
import type { GitLabContext } from './gitlab-context.js';
import { findStickyNote, writeStickyNote } from './sticky-note.js';

export interface GitLabLog {
  info(message: string): void;
  warning(message: string): void;
}

export interface GitLabReporterOptions {
  context: GitLabContext;
  /** The token's value; '' when the variable is unset or empty. */
  token: string;
  /** The name of the CI/CD variable the token was read from, for messages. */
  tokenVariable: string;
  log: GitLabLog;
  /** Commit status name; each workflow's status is named `<statusName> (<workflow>)`. */
  statusName: string;
  comment: CommentMode;
  /** Whether a path relative to the repository root is a file of the checkout. */
  fileExists?: (path: string) => boolean;
  fetch?: typeof fetch;
  /** The process's masker, shared with the console and the output files. */
  masker?: Masker;
}

// GitLab keeps a commit status' description and name to 255 characters.
const STATUS_TEXT_MAX = 255;

export class GitLabReporter implements Reporter {
  private readonly statuses?: GitLabApi;
  private readonly notes?: GitLabApi;
  private readonly publish: BestEffort;

  constructor(private readonly options: GitLabReporterOptions) {
    this.publish = new BestEffort(
      (message) => options.log.warning(message),
      (error, what) =>
        error instanceof GitLabApiError && error.isPermission
          ? this.deniedMessage(what, error)
          : undefined,
    );
    const { context, token } = options;
    if (!this.unusableToken()) {
      const api = (projectId: string) =>
        new GitLabApi({
          apiUrl: context.apiUrl,
          projectId,
          token,
          ...(options.fetch && { fetch: options.fetch }),
          ...(options.masker && { masker: options.masker }),
        });
      this.statuses = api(context.projectId);
      if (context.mergeRequest) this.notes = api(context.mergeRequest.project);
    }
  }

  async start(run: RunStart): Promise<RunReport> {
    const why = this.unusableToken();
    if (why) this.publish.stop(why);
    await this.setStatus(run.workflow, 'running', `Running ${run.workflow}`);
    return { finish: (result) => this.finish(result) };
  }

  private async finish(result: RunResult): Promise<ReportLinks> {
    const { context } = this.options;
    const links: ReportLinks = {};
    const posted = await this.setStatus(
      result.workflow,
      commitStatusState(result.status),
      checkTitle(result),
    );
    if (posted) links.checkUrl = context.pipelineUrl ?? context.jobUrl;
    const shown = { ...result.links };
    if (context.jobUrl) shown.job = context.jobUrl;
    links.commentUrl = await this.note({ ...result, links: shown });
    return links;
  }

  private async setStatus(
    workflow: string,
    state: CommitState,
    description: string,
  ): Promise<boolean> {
    const { context, statusName } = this.options;
    const statuses = this.statuses;
    if (!statuses) return false;
    const done = await this.publish.attempt('set the commit status', async () => {
      await statuses.setCommitStatus({
        sha: context.sha,
        state,
        name: `${statusName} (${workflow})`.slice(0, STATUS_TEXT_MAX),
        ref: context.ref,
        targetUrl: context.jobUrl,
        description: description.slice(0, STATUS_TEXT_MAX),
        pipelineId: context.pipelineId,
      });
      return true;
    });
    return done === true;
  }

  private async note(result: RunResult): Promise<string | undefined> {
    const { context, comment: mode, log } = this.options;
    const mr = context.mergeRequest;
    const notes = this.notes;
    if (mode === 'off') return undefined;
    if (!mr) {
      log.info('This pipeline belongs to no open merge request: no merge request note.');
      return undefined;
    }
    if (!notes) return undefined;
    const marker = commentMarker(result.workflow);
    const existing = await this.publish.attempt('read the merge request notes', () =>
      findStickyNote(notes, mr.iid, marker),
    );
    if (this.publish.isStopped) return undefined;
    const action = decideComment(mode, result, existing?.body);
    const body = withOutcome(result, GITLAB_NOTE_LIMIT_CHARS, (limit) =>
      renderComment(result, {
        limit,
        fullResultsUrl: context.jobUrl,
        fileExists: this.options.fileExists,
        fileUrl: (path, line) =>
          context.projectUrl &&
          `${context.projectUrl}/-/blob/${context.sha}/${path.split('/').map(encodeURIComponent).join('/')}${line ? `#L${line}` : ''}`,
      }),
    );
    const written = await this.publish.attempt('write the merge request note', () =>
      writeStickyNote(notes, mr.iid, existing, action, body),
    );
    if (!written || written.id === undefined || !mr.webUrl) return undefined;
    return `${mr.webUrl}#note_${written.id}`;
  }

  /** Why no API call can succeed, when that is known before trying. */
  private unusableToken(): string | undefined {
    const { token, tokenVariable, context } = this.options;
    const fix =
      'CI_JOB_TOKEN cannot write notes or commit statuses: create a project (or group) access ' +
      `token with the api scope and at least the Developer role, and store it as a masked CI/CD ` +
      `variable named ${tokenVariable} (or name another variable in the gitlab-token-variable input).`;
    if (token === '') {
      return `No GitLab token in $${tokenVariable}, so no commit status or merge request note is posted; the tests run and the JUnit report shows their results. ${fix}`;
    }
    if (context.jobToken && token === context.jobToken) {
      return `$${tokenVariable} holds the job's CI_JOB_TOKEN, so no commit status or merge request note is posted. ${fix}`;
    }
    return undefined;
  }

  private deniedMessage(what: string, error: GitLabApiError): string {
    const { tokenVariable, context } = this.options;
    const fork = context.fromFork
      ? ' This merge request comes from a fork: its pipeline runs in the fork, where the upstream project’s variables are not set.'
      : '';
    return (
      `GitLab refused to ${what} (${error.message}), so no commit status or merge request note is ` +
      `posted; the tests ran and the JUnit report shows their results. The token in $${tokenVariable} ` +
      `needs the api scope and at least the Developer role in ${context.projectPath}.${fork}`
    );
  }
}
