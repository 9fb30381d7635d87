// What a run needs to be allowed to do, checked before anything is created, and how to say what
// is missing: the verb, resource and namespace, and the Role rules that would grant it.
import type { AccessNeed, KubeObject } from '../../ports/kube.js';

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
  add('', 'pods', ['create'], 'exec');
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
    add(group, resource, ['get', 'list', 'watch', 'patch', ...cleanup]);
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

/** `create pods/exec in namespace ci` or `create namespaces (cluster-wide)` */
export function describeNeed(need: AccessNeed): string {
  const resource = `${need.group ? `${need.resource}.${need.group}` : need.resource}${need.subresource ? `/${need.subresource}` : ''}`;
  return `${need.verb} ${resource} ${need.namespace !== undefined ? `in namespace ${need.namespace}` : '(cluster-wide)'}`;
}

/** RBAC rules granting the needs: a Role for namespaced ones, a ClusterRole for the others. */
export function roleRules(needs: AccessNeed[]): string {
  const render = (list: AccessNeed[]): string[] => {
    const rules = new Map<string, { group: string; resource: string; verbs: string[] }>();
    for (const n of list) {
      const resource = n.subresource ? `${n.resource}/${n.subresource}` : n.resource;
      const key = `${n.group}|${resource}`;
      const rule = rules.get(key) ?? { group: n.group, resource, verbs: [] };
      if (!rule.verbs.includes(n.verb)) rule.verbs.push(n.verb);
      rules.set(key, rule);
    }
    return [...rules.values()].map(
      (r) =>
        `  - apiGroups: [${JSON.stringify(r.group)}]\n    resources: [${JSON.stringify(r.resource)}]\n    verbs: [${r.verbs.map((v) => JSON.stringify(v)).join(', ')}]`,
    );
  };
  const namespaced = needs.filter((n) => n.namespace !== undefined);
  const cluster = needs.filter((n) => n.namespace === undefined);
  const parts: string[] = [];
  if (namespaced.length > 0)
    parts.push(
      `# Role in namespace ${namespaced[0]!.namespace}\nrules:\n${render(namespaced).join('\n')}`,
    );
  if (cluster.length > 0) parts.push(`# ClusterRole\nrules:\n${render(cluster).join('\n')}`);
  return parts.join('\n');
}
