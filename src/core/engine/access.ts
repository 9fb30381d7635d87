// What a run needs to be allowed to do, checked before anything is created (rbac-message.ts says
// what is missing and which Role would grant it).
import type { AccessNeed, KubeObject } from '../../ports/kube.js';
import { describeNeed } from './rbac-message.js';

export interface AccessScope {
  namespace: string;
  /** A namespace of our own is created and deleted; an existing one is only used. */
  createNamespace: boolean;
  /** Objects from --manifests, applied into the namespace. */
  manifests: Pick<KubeObject, 'apiVersion' | 'kind'>[];
}

const KNOWN_RESOURCES: Record<string, string> = {
  Endpoints: 'endpoints',
  Ingress: 'ingresses',
  NetworkPolicy: 'networkpolicies',
  PodDisruptionBudget: 'poddisruptionbudgets',
  HorizontalPodAutoscaler: 'horizontalpodautoscalers',
  ServiceAccount: 'serviceaccounts',
  PersistentVolumeClaim: 'persistentvolumeclaims',
};

/** The plural resource name of a kind, the way the API names it for the common kinds. */
export function resourceOf(kind: string): string {
  const known = KNOWN_RESOURCES[kind];
  if (known) return known;
  const lower = kind.toLowerCase();
  if (/(s|x|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
}

export function accessNeeds(scope: AccessScope): AccessNeed[] {
  const ns = scope.namespace;
  const needs: AccessNeed[] = [];
  const add = (
    group: string,
    resource: string,
    verbs: string[],
    subresource?: string,
    clusterWide = false,
  ) => {
    for (const verb of verbs)
      needs.push({
        verb,
        group,
        resource,
        ...(subresource && { subresource }),
        ...(!clusterWide && { namespace: ns }),
      });
  };
  if (scope.createNamespace)
    add('', 'namespaces', ['create', 'get', 'list', 'watch', 'delete'], undefined, true);
  // In an existing namespace our objects are removed by label (list, then delete each when
  // deletecollection is not granted); a fresh namespace goes as a whole.
  const cleanup = scope.createNamespace ? [] : ['list', 'delete'];
  add('', 'pods', ['create', 'get', 'list', 'watch', 'delete', ...cleanup]);
  // Exec goes over a websocket: the upgrade is a GET, authorized as `get` (and, since 1.30,
  // `create` as well) on pods/exec.
  add('', 'pods', ['create', 'get'], 'exec');
  add('', 'pods', ['get'], 'log');
  add('', 'services', ['create', 'delete', ...cleanup]);
  // Parallel workers' pods and content are removed by label as soon as each worker ends.
  add('', 'configmaps', ['create', 'list', 'delete', ...cleanup]);
  add('', 'events', ['list']);
  const seen = new Set<string>();
  for (const object of scope.manifests) {
    const group = groupOf(object.apiVersion);
    const resource = resourceOf(object.kind);
    if (seen.has(`${group}/${resource}`)) continue;
    seen.add(`${group}/${resource}`);
    // Server-side apply creates what does not exist yet, and patches what does.
    add(group, resource, ['get', 'list', 'watch', 'create', 'patch', ...cleanup]);
  }
  return dedupe(needs);
}

function dedupe(needs: AccessNeed[]): AccessNeed[] {
  const seen = new Set<string>();
  return needs.filter((n) => {
    const key = describeNeed(n);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
