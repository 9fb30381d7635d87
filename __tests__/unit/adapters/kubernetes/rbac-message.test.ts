import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accessMessage, describeNeed, rulesFor } from '../../../../src/core/engine/rbac-message.js';
import type { AccessNeed } from '../../../../src/ports/kube.js';
import { expectGolden } from '../../report/golden.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const ns = 'shakedown-ci';

const MISSING: AccessNeed[] = [
  { verb: 'create', group: '', resource: 'pods', namespace: ns },
  { verb: 'watch', group: '', resource: 'pods', namespace: ns },
  { verb: 'create', group: '', resource: 'pods', subresource: 'exec', namespace: ns },
  { verb: 'get', group: '', resource: 'pods', subresource: 'log', namespace: ns },
  { verb: 'create', group: '', resource: 'services', namespace: ns },
  { verb: 'watch', group: '', resource: 'services', namespace: ns },
  { verb: 'patch', group: 'apps', resource: 'deployments', namespace: ns },
  { verb: 'create', group: '', resource: 'namespaces' },
  { verb: 'delete', group: '', resource: 'namespaces' },
];

describe('RBAC message', () => {
  it('describes one need with its verb, resource, group and scope', () => {
    expect(describeNeed(MISSING[2])).toBe(`create pods/exec in namespace '${ns}'`);
    expect(describeNeed(MISSING[6])).toBe(`patch deployments.apps in namespace '${ns}'`);
    expect(describeNeed(MISSING[7])).toBe('create namespaces (cluster-wide)');
  });

  it('groups rules by API group, and resources needing the same verbs into one rule', () => {
    expect(rulesFor(MISSING.filter((n) => n.namespace))).toEqual([
      { apiGroups: [''], resources: ['pods', 'services'], verbs: ['watch', 'create'] },
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['patch'] },
    ]);
  });

  it('explains what is missing with a Role, a ClusterRole and their bindings (golden)', () => {
    const message = accessMessage(MISSING, {
      username: 'system:serviceaccount:ci:runner',
      context: 'ci@prod',
    });
    expectGolden(GOLDEN, 'missing-access-service-account.txt', message);
  });

  it('leaves the binding to the reader when the identity is unknown (golden)', () => {
    expectGolden(GOLDEN, 'missing-access-unknown-user.txt', accessMessage(MISSING.slice(0, 1)));
  });
});
