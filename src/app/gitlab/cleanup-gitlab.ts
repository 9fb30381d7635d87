// `shakedown gitlab --cleanup`, the component job's `after_script`: when the job was cancelled or
// hit its timeout, GitLab stops the main script before Shakedown could remove what its runs
// created; after_script still runs (also for cancelled jobs, since GitLab 17.0). The main script
// records each run id before the run starts; this removes whatever is left of them. Cleaning up
// a run that cleaned up after itself finds nothing, so it needs no knowledge of how the script
// ended. It only ever warns: a cleanup problem must not change the job's outcome.
import { RUN_IDS_FILE } from './constants.js';
import { readGitLabSettings, type GitLabSettings } from './gitlab-settings.js';
import type { JobLog } from './run-gitlab.js';

export interface CleanupDeps {
  env: Record<string, string | undefined>;
  /** A file of the results directory, or undefined when it does not exist. */
  readResultsFile(dir: string, name: string): Promise<string | undefined>;
  /** Removes what the runs left (their namespaces, or their objects in `settings.namespace`). */
  cleanup(runIds: string[], settings: GitLabSettings): Promise<void>;
  log: JobLog;
}

export async function cleanupGitLabJob(deps: CleanupDeps): Promise<number> {
  const { log } = deps;
  try {
    const settings = readGitLabSettings(deps.env);
    const text = await deps.readResultsFile(settings.resultsDir, RUN_IDS_FILE);
    const runIds = [...new Set((text ?? '').split('\n').map((l) => l.trim()))].filter(Boolean);
    if (runIds.length === 0) {
      log.info('shakedown: no run was started; nothing to clean up.');
      return 0;
    }
    if (settings.keepNamespace !== 'never') {
      log.info(
        `shakedown: keep-namespace is '${settings.keepNamespace}': leaving run(s) ${runIds.join(', ')} as they are.`,
      );
      return 0;
    }
    await deps.cleanup(runIds, settings);
  } catch (error) {
    log.warning(
      `Cleanup after the job did not complete: ${(error as Error).message}. ` +
        'Run `shakedown cleanup --run-id <id>` against the cluster to remove what is left.',
    );
  }
  return 0;
}
