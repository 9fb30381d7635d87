// The page of the job running the tests, for the check run's "Details" link. The runner does not
// tell a job its id, so the run attempt's jobs are listed and the one on this runner picked.
// That needs `actions: read`; without it (or outside Actions) the run page is the next best link.
import type { GitHubApi } from './github-api.js';
import type { GitHubContext } from './github-context.js';

export async function findJobUrl(
  api: GitHubApi,
  context: GitHubContext,
  debug: (message: string) => void,
): Promise<string | undefined> {
  if (context.runId === undefined || !context.runnerName) return context.runUrl;
  try {
    const jobs = await api.listJobs(context.runId, context.runAttempt);
    const mine = jobs.filter(
      (j) => j.runnerName === context.runnerName && j.status === 'in_progress' && j.htmlUrl,
    );
    if (mine.length === 1) return mine[0]!.htmlUrl!;
    debug(`${mine.length} in-progress jobs run on '${context.runnerName}'; linking the run.`);
  } catch (error) {
    debug(`Cannot list the run's jobs (${(error as Error).message}); linking the run.`);
  }
  return context.runUrl;
}
