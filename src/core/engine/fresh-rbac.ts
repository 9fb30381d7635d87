// Least privilege for runs in fresh namespaces (docs/rbac.md). Pod rights in every namespace of
// the cluster would be needed to work in namespaces that do not exist yet; instead the identity
// may create and delete namespaces and `bind` one ClusterRole, which each run binds with a
// RoleBinding inside the namespace it just created. Nothing here names a run's namespace, so
// the manifests are the same for every run and can be applied once. Pure: no client, no I/O.
import type { AccessNeed, KubeObject } from '../../ports/kube.js';
import { accessNeeds } from './access.js';
import { rulesFor, subjectOf, toYaml } from './rbac-message.js';

export const RUN_CLUSTER_ROLE = 'shakedown-run';
export const NAMESPACES_CLUSTER_ROLE = 'shakedown-namespaces';
const RBAC = 'rbac.authorization.k8s.io';

/** What binding the run's ClusterRole inside a namespace takes. */
export function bindNeeds(namespace: string): AccessNeed[] {
  return [
    { verb: 'create', group: RBAC, resource: 'rolebindings', namespace },
    { verb: 'bind', group: RBAC, resource: 'clusterroles', name: RUN_CLUSTER_ROLE },
  ];
}

/** ClusterRole + ClusterRoleBinding of the namespace rights, and the ClusterRole runs bind. */
export function freshNamespaceManifests(
  username: string | undefined,
  manifests: Pick<KubeObject, 'apiVersion' | 'kind'>[] = [],
): object[] {
  const needs = accessNeeds({ namespace: 'any', createNamespace: true, manifests });
  const inNamespace = needs.filter((n) => n.namespace).map((n) => ({ ...n, namespace: undefined }));
  const clusterWide = needs.filter((n) => !n.namespace);
  const subject = subjectOf(username ?? 'REPLACE-WITH-THE-CI-USER');
  return [
    {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRole',
      metadata: { name: RUN_CLUSTER_ROLE },
      rules: rulesFor(inNamespace),
    },
    {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRole',
      metadata: { name: NAMESPACES_CLUSTER_ROLE },
      rules: [
        ...rulesFor(clusterWide),
        { apiGroups: [RBAC], resources: ['rolebindings'], verbs: ['create'] },
        {
          apiGroups: [RBAC],
          resources: ['clusterroles'],
          verbs: ['bind'],
          resourceNames: [RUN_CLUSTER_ROLE],
        },
      ],
    },
    {
      apiVersion: `${RBAC}/v1`,
      kind: 'ClusterRoleBinding',
      metadata: { name: NAMESPACES_CLUSTER_ROLE },
      roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: NAMESPACES_CLUSTER_ROLE },
      subjects: [subject],
    },
  ];
}

/** The RoleBinding a run creates in its fresh namespace, granting itself the run's rights. */
export function runRoleBinding(
  namespace: string,
  username: string,
  labels: Record<string, string>,
): KubeObject {
  return {
    apiVersion: `${RBAC}/v1`,
    kind: 'RoleBinding',
    metadata: { name: RUN_CLUSTER_ROLE, namespace, labels },
    roleRef: { apiGroup: RBAC, kind: 'ClusterRole', name: RUN_CLUSTER_ROLE },
    subjects: [subjectOf(username)],
  } as KubeObject;
}

/** The refusal for fresh namespaces: what is missing, and the fixed manifests that grant it. */
export function freshAccessMessage(
  missing: AccessNeed[],
  who: { username?: string; context?: string },
  manifests: Pick<KubeObject, 'apiVersion' | 'kind'>[] = [],
): string {
  const identity = [who.username && `'${who.username}'`, who.context && `context '${who.context}'`]
    .filter(Boolean)
    .join(' via ');
  const lines = [
    `The Kubernetes credentials${identity ? ` (${identity})` : ''} may not run in a fresh namespace; missing:`,
    ...missing.map((need) => `  - ${describeCluster(need)}`),
    '',
    `An administrator can grant it once with \`kubectl apply -f -\` (see docs/rbac.md): the identity may create and delete namespaces, and each run binds ClusterRole ${RUN_CLUSTER_ROLE} inside the namespace it created${who.username ? '' : '; put the CI identity into the ClusterRoleBinding'}. To run in an existing namespace instead, use --namespace.`,
    '',
  ];
  return `${lines.join('\n')}\n${freshNamespaceManifests(who.username, manifests)
    .map((d) => `---\n${toYaml(d)}`)
    .join('')}`;
}

/** A need in the run's namespace is described without its (random, per-run) name. */
function describeCluster(need: AccessNeed): string {
  const resource = need.subresource ? `${need.resource}/${need.subresource}` : need.resource;
  const group = need.group ? `.${need.group}` : '';
  const named = need.name ? ` '${need.name}'` : '';
  const where = need.namespace ? "in the run's namespace" : '(cluster-wide)';
  return `${need.verb} ${resource}${group}${named} ${where}`;
}
