// `shakedown cleanup --run-id` and the action's post step: remove what a run left when its
// process was killed before it could clean up. Idempotent: nothing left is not an error.
import { runSelector } from '../../core/engine/labels.js';
import type { KubePort } from '../../ports/kube.js';
import { CLEANUP_TIMEOUT_MS, leftoverNamespaces, OWN_KINDS } from './namespace.js';

/** Kinds an app's manifests commonly create, removed from an existing namespace by label. */
const APP_KINDS = [
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  { apiVersion: 'batch/v1', kind: 'Job' },
  { apiVersion: 'v1', kind: 'Secret' },
];

/** Returns what was removed, for the user. */
export async function cleanupRun(
  kube: KubePort,
  runId: string,
  namespace?: string,
): Promise<string[]> {
  if (namespace) {
    await kube.deleteCollection(namespace, [...APP_KINDS, ...OWN_KINDS], runSelector(runId));
    return [`objects labelled shakedown.dev/run-id=${runId} in namespace ${namespace}`];
  }
  const names = await leftoverNamespaces(kube, runId);
  await Promise.all(names.map((name) => kube.deleteNamespace(name, CLEANUP_TIMEOUT_MS)));
  return names.map((name) => `namespace ${name}`);
}
