// The check run of one workflow: created `in_progress` when the run starts, so the PR shows it
// running, and completed at the end. GitHub takes at most 50 annotations per request and appends
// the annotations of every further PATCH, so they are sent in batches and the conclusion goes
// with the last batch: whoever waits for `completed` then sees every annotation.
import type { Annotation, CheckRunOutput, Conclusion, GitHubApi, Posted } from './github-api.js';

export interface CheckRunStart {
  name: string;
  headSha: string;
  /** Where "Details" leads: the job running the tests. */
  detailsUrl?: string;
  /** Our run id, so the check run can be matched to results.json. */
  externalId: string;
  startedAt: string;
  title: string;
  summary: string;
}

export interface CheckRunEnd {
  conclusion: Conclusion;
  completedAt: string;
  title: string;
  summary: string;
  text?: string;
  /** Already cut into batches of at most 50. */
  batches: Annotation[][];
}

export async function startCheckRun(api: GitHubApi, start: CheckRunStart): Promise<Posted> {
  return api.createCheckRun(start.headSha, {
    name: start.name,
    status: 'in_progress',
    started_at: start.startedAt,
    details_url: start.detailsUrl,
    external_id: start.externalId,
    output: { title: start.title, summary: start.summary },
  });
}

/**
 * Completes the check run `id`; without one (it could not be created at the start) the check run
 * is created now, with the same fields, then completed the same way.
 */
export async function completeCheckRun(
  api: GitHubApi,
  id: number | undefined,
  start: CheckRunStart,
  end: CheckRunEnd,
): Promise<Posted> {
  const output = (annotations: Annotation[] | undefined): CheckRunOutput => ({
    title: end.title,
    summary: end.summary,
    ...(end.text ? { text: end.text } : {}),
    ...(annotations && annotations.length > 0 ? { annotations } : {}),
  });
  const batches = end.batches.length > 0 ? end.batches : [[]];
  const checkId = id ?? (await startCheckRun(api, start)).id;
  for (const batch of batches.slice(0, -1)) {
    await api.updateCheckRun(checkId, { output: output(batch) });
  }
  return api.updateCheckRun(checkId, {
    status: 'completed',
    conclusion: end.conclusion,
    completed_at: end.completedAt,
    output: output(batches.at(-1)),
  });
}
