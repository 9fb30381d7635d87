// Turns permissions the API refused into a message an operator can act on: what is missing,
// and the Role (ClusterRole for cluster-wide needs) plus binding that would grant it, ready
// for `kubectl apply -f -`. Pure: no client, no I/O.
import { Document, isSeq, stringify, visit } from 'yaml';
import type { AccessNeed } from '../../ports/kube.js';

export interface Requester {
  context?: string;
  /** From SelfSubjectReview; the binding is only written out when we know whom to bind. */
  username?: string;
}

const ROLE_NAME = 'shakedown-runner';
const VERB_ORDER = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
];

function verbRank(verb: string): number {
  const index = VERB_ORDER.indexOf(verb);
  return index === -1 ? VERB_ORDER.length : index;
}

const byVerb = (a: string, b: string) => verbRank(a) - verbRank(b) || a.localeCompare(b);
const fullResource = (need: AccessNeed) =>
  need.subresource ? `${need.resource}/${need.subresource}` : need.resource;

export function describeNeed(need: AccessNeed): string {
  const group = need.group ? `.${need.group}` : '';
  const where = need.namespace ? `in namespace '${need.namespace}'` : '(cluster-wide)';
  const named = need.name ? ` '${need.name}'` : '';
  return `${need.verb} ${fullResource(need)}${group}${named} ${where}`;
}

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/** One rule per API group and verb set; resources needing the same verbs share a rule. */
export function rulesFor(needs: AccessNeed[]): Rule[] {
  const groups = new Map<string, Map<string, Set<string>>>();
  for (const need of needs) {
    const resources = groups.get(need.group) ?? new Map<string, Set<string>>();
    groups.set(need.group, resources);
    const verbs = resources.get(fullResource(need)) ?? new Set<string>();
    resources.set(fullResource(need), verbs);
    verbs.add(need.verb);
  }
  const rules: Rule[] = [];
  for (const group of [...groups.keys()].sort()) {
    const byVerbs = new Map<string, string[]>();
    for (const [resource, verbs] of groups.get(group) ?? []) {
      const key = [...verbs].sort(byVerb).join(',');
      byVerbs.set(key, [...(byVerbs.get(key) ?? []), resource]);
    }
    const groupRules = [...byVerbs].map(([verbs, resources]) => ({
      apiGroups: [group],
      resources: resources.sort(),
      verbs: verbs.split(','),
    }));
    rules.push(...groupRules.sort((a, b) => a.resources[0].localeCompare(b.resources[0])));
  }
  return rules;
}

export function subjectOf(username: string): Record<string, string> {
  const serviceAccount = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(username);
  if (serviceAccount)
    return { kind: 'ServiceAccount', name: serviceAccount[2], namespace: serviceAccount[1] };
  return { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: username };
}

function manifests(
  namespace: string | undefined,
  needs: AccessNeed[],
  username: string | undefined,
): object[] {
  const kind = namespace ? 'Role' : 'ClusterRole';
  const metadata = namespace ? { name: ROLE_NAME, namespace } : { name: ROLE_NAME };
  const role = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata,
    rules: rulesFor(needs),
  };
  if (!username) return [role];
  const binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: namespace ? 'RoleBinding' : 'ClusterRoleBinding',
    metadata,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name: ROLE_NAME },
    subjects: [subjectOf(username)],
  };
  return [role, binding];
}

export function toYaml(object: object): string {
  const document = new Document(object);
  // Short lists of names read best inline: apiGroups: [""], verbs: [get, list].
  visit(document, {
    Pair(_, pair) {
      const key = String((pair.key as { value?: unknown })?.value);
      if (isSeq(pair.value) && ['apiGroups', 'resources', 'verbs'].includes(key))
        pair.value.flow = true;
    },
  });
  return stringify(document, { lineWidth: 0, flowCollectionPadding: false });
}

/** The whole explanation; `missing` must not be empty. */
export function accessMessage(missing: AccessNeed[], requester: Requester = {}): string {
  const who = [
    requester.username && `'${requester.username}'`,
    requester.context && `context '${requester.context}'`,
  ]
    .filter(Boolean)
    .join(' via ');
  const lines = [
    `The Kubernetes credentials${who ? ` (${who})` : ''} lack ${missing.length} permission${missing.length === 1 ? '' : 's'}:`,
  ];
  for (const need of missing) lines.push(`  - ${describeNeed(need)}`);
  // Namespaced roles first (sorted), the cluster-wide one last.
  const scopes = [...new Set(missing.map((need) => need.namespace ?? ''))].sort((a, b) =>
    !a ? 1 : !b ? -1 : a.localeCompare(b),
  );
  const documents = scopes.flatMap((scope) =>
    manifests(
      scope || undefined,
      missing.filter((need) => (need.namespace ?? '') === scope),
      requester.username,
    ),
  );
  const binding = requester.username ? '' : ', then bind the role to the CI identity';
  lines.push(
    '',
    `An administrator can grant ${missing.length === 1 ? 'it' : 'them'} with \`kubectl apply -f -\`${binding}:`,
    '',
  );
  return `${lines.join('\n')}\n${documents.map((d) => `---\n${toYaml(d)}`).join('')}`;
}
