// The run's home: a fresh namespace labelled as ours (deleted as a whole afterwards), or an
// existing one where only our labelled objects are created and then removed.
import {
  MANAGED_BY,
  runLabels,
  runSelector,
  RUN_URL_ANNOTATION,
  WORKFLOW_ANNOTATION,
} from '../../core/engine/labels.js';
import type { KubeObject, KubePort } from '../../ports/kube.js';

export type KeepNamespace = 'never' | 'on-failure' | 'always';

/** Namespace deletion must finish within this (SIGINT/SIGTERM promise: gone within 30 s). */
export const CLEANUP_TIMEOUT_MS = 25_000;

/** Kinds our runs create in an existing namespace (plus the manifests' own kinds). */
export const OWN_KINDS = [
  { apiVersion: 'v1', kind: 'Pod' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'v1', kind: 'ConfigMap' },
];

export interface NamespacePlan {
  name: string;
  /** Created for this run (and deleted with everything in it). */
  fresh: boolean;
  /** Set once the API accepted the creation: a namespace we did not create is never deleted. */
  created?: boolean;
}

export async function createRunNamespace(
  kube: KubePort,
  ns: NamespacePlan,
  runId: string,
  workflow: string,
  runUrl: string | undefined,
): Promise<void> {
  if (!ns.fresh) return;
  const annotations: Record<string, string> = { [WORKFLOW_ANNOTATION]: workflow };
  if (runUrl) annotations[RUN_URL_ANNOTATION] = runUrl;
  await kube.createNamespace(ns.name, runLabels(runId), annotations);
  ns.created = true;
}

/** Removes what the run created: the namespace, or our labelled objects in an existing one. */
export async function removeRun(
  kube: KubePort,
  ns: NamespacePlan,
  runId: string,
  manifests: KubeObject[],
): Promise<void> {
  if (ns.fresh) {
    if (ns.created) await kube.deleteNamespace(ns.name, CLEANUP_TIMEOUT_MS);
    return;
  }
  const kinds = [...OWN_KINDS];
  for (const m of manifests) {
    if (!kinds.some((k) => k.apiVersion === m.apiVersion && k.kind === m.kind))
      kinds.push({ apiVersion: m.apiVersion, kind: m.kind });
  }
  await kube.deleteCollection(ns.name, kinds, runSelector(runId));
}

/** Whether the namespace stays, by --keep-namespace and the run's outcome. */
export function keeps(keep: KeepNamespace, passed: boolean): boolean {
  return keep === 'always' || (keep === 'on-failure' && !passed);
}

/** Namespaces a run left behind, for `shakedown cleanup --run-id`. */
export async function leftoverNamespaces(kube: KubePort, runId: string): Promise<string[]> {
  const found = await kube.listNamespaces(`${MANAGED_BY}=shakedown,shakedown.dev/run-id=${runId}`);
  return found.map((n) => n.metadata.name);
}
