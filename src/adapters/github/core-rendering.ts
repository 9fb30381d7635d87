// The report core's renderers bound to one repository: files are linked at the commit under test
// and annotated only when they exist in the checkout.
import {
  buildAnnotations,
  checkConclusion,
  checkTitle,
  code,
  commentMarker,
  escapeText,
  link,
  renderCheckSummary,
  renderComment,
  repositoryPath,
} from '../../core/report/index.js';
import type { GitHubContext } from './github-context.js';
import type { GitHubRendering } from './github-rendering.js';

export interface CoreRenderingOptions {
  context: Pick<GitHubContext, 'serverUrl' | 'owner' | 'repo' | 'headSha'>;
  /** Whether a path relative to the repository root is a file of the checkout. */
  fileExists(path: string): boolean;
}

export function coreRendering({ context, fileExists }: CoreRenderingOptions): GitHubRendering {
  const { serverUrl, owner, repo, headSha } = context;
  const fileUrl = (file: string, line?: number): string | undefined => {
    const path = repositoryPath({ file }, fileExists);
    if (!path || !headSha) return undefined;
    const blob = `${serverUrl}/${owner}/${repo}/blob/${headSha}/${path.split('/').map(encodeURIComponent).join('/')}`;
    return line ? `${blob}#L${line}` : blob;
  };
  return {
    runningTitle: () => 'Running',
    runningSummary: (run, { jobUrl }) =>
      `Shakedown is running the workflow ${code(run.workflow)} (run ${code(run.runId)}` +
      `${run.namespace ? ` in namespace ${code(run.namespace)}` : ''}). ` +
      `${jobUrl ? link('Follow the live logs', jobUrl) : escapeText('The job log shows it live')}.`,
    conclusion: checkConclusion,
    checkTitle,
    checkSummary: (run, { maxBytes, notes, fullResultsUrl }) =>
      renderCheckSummary(run, { limit: maxBytes, notes, fullResultsUrl, fileUrl }),
    commentMarker,
    comment: (run, { maxChars, fullResultsUrl }) =>
      renderComment(run, { limit: maxChars, fullResultsUrl, fileUrl }),
    annotations: (run, perRequest) =>
      buildAnnotations(run, { fileExists, maxPerRequest: perRequest }),
  };
}
