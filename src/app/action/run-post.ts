// The action's post step (`post-if: always()`): when the main step was cancelled or killed before
// it could clean up, remove what its runs left in the cluster. It only ever warns: a cleanup
// problem must not turn a job red after the tests decided its outcome.
import type { KubePort } from '../../ports/kube.js';
import { cleanupRun } from '../run/cleanup-runs.js';
import type { ActionRuntime } from './action-runtime.js';
import type { ActionSettings } from './action-settings.js';
import { States } from './constants.js';
import { getSettings } from './input-helper.js';
import { maskCluster, type ClusterSecrets } from './mask-secrets.js';

export interface PostDeps {
  /** The cluster the settings point at. */
  connect(settings: ActionSettings): Promise<KubePort>;
  clusterSecrets: ClusterSecrets;
}

export async function runPost(runtime: ActionRuntime, deps: PostDeps): Promise<void> {
  try {
    if (runtime.getState(States.cleaned) === 'true') {
      runtime.debug('The main step cleaned up after its runs; nothing to do.');
      return;
    }
    const runIds = parseRunIds(runtime.getState(States.runIds));
    if (runIds.length === 0) {
      runtime.debug('No run was started; nothing to clean up.');
      return;
    }
    const settings = getSettings(runtime);
    await maskCluster(runtime, settings, deps.clusterSecrets);
    if (settings.keepNamespace !== 'never') {
      runtime.info(
        `keep-namespace is '${settings.keepNamespace}': leaving run(s) ${runIds.join(', ')} in place.`,
      );
      return;
    }
    runtime.info(`Cleaning up run(s) ${runIds.join(', ')} that the main step did not finish.`);
    const kube = await deps.connect(settings);
    for (const runId of runIds) {
      const removed = await cleanupRun(kube, runId, settings.namespace);
      runtime.info(
        `Run ${runId}: ${removed.length > 0 ? `removed ${removed.join(', ')}` : 'nothing left'}.`,
      );
    }
  } catch (error) {
    runtime.warning(
      `Cleanup after the run did not complete: ${error instanceof Error ? error.message : String(error)}. ` +
        'Run `shakedown cleanup --run-id <id>` against the cluster to remove what is left.',
    );
  }
}

function parseRunIds(state: string): string[] {
  if (state === '') return [];
  const parsed = JSON.parse(state) as unknown;
  return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
}
