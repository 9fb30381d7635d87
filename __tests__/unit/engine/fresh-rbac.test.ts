// docs/rbac.md holds the manifests the refusal messages print, applied as-is by the e2e tests:
// they must stay what the code generates.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { accessNeeds } from '../../../src/core/engine/access.js';
import {
  bindNeeds,
  freshAccessMessage,
  freshNamespaceManifests,
  runRoleBinding,
} from '../../../src/core/engine/fresh-rbac.js';
import { accessMessage, toYaml } from '../../../src/core/engine/rbac-message.js';

const DOC = readFileSync(join(import.meta.dirname, '../../../docs/rbac.md'), 'utf8');
const CI_USER = 'system:serviceaccount:shakedown-ci:shakedown';

/** The ```yaml block that follows a heading. */
function blockAfter(heading: string): string {
  const at = DOC.indexOf(heading);
  if (at < 0) throw new Error(`docs/rbac.md has no heading ${heading}`);
  const match = /```yaml\n([\s\S]*?)```/.exec(DOC.slice(at));
  if (!match) throw new Error(`no yaml block after ${heading}`);
  return match[1]!;
}

const yamlOf = (documents: object[]) => documents.map((d) => `---\n${toYaml(d)}`).join('');
// The doc is formatted by prettier (quotes), so documents are compared, not text.
const parsed = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as unknown);

describe('RBAC for runs', () => {
  it('documents the fresh-namespace manifests the code prints', () => {
    expect(parsed(blockAfter('## Fresh namespaces'))).toEqual(freshNamespaceManifests(CI_USER));
  });

  it('documents the Role for --namespace the code prints', () => {
    const needs = accessNeeds({
      namespace: 'shakedown-tests',
      createNamespace: false,
      manifests: [],
    });
    const message = accessMessage(needs, { username: CI_USER });
    expect(parsed(blockAfter('## An existing namespace'))).toEqual(
      parsed(message.slice(message.indexOf('---\n'))),
    );
  });

  it('names no namespace of a run in the fresh-namespace refusal', () => {
    const missing = [
      ...accessNeeds({ namespace: 'wf-abc123', createNamespace: true, manifests: [] }),
      ...bindNeeds('wf-abc123'),
    ];
    const message = freshAccessMessage(missing, { username: CI_USER });
    expect(message).not.toContain('wf-abc123');
    expect(message).toContain("create pods in the run's namespace");
    expect(message).toContain(
      "bind clusterroles.rbac.authorization.k8s.io 'shakedown-run' (cluster-wide)",
    );
    expect(message.slice(message.indexOf('---\n'))).toBe(yamlOf(freshNamespaceManifests(CI_USER)));
  });

  it('binds the run ClusterRole to the run identity inside its namespace', () => {
    expect(runRoleBinding('wf-1', CI_USER, { a: 'b' })).toEqual({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'shakedown-run', namespace: 'wf-1', labels: { a: 'b' } },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'shakedown-run',
      },
      subjects: [{ kind: 'ServiceAccount', name: 'shakedown', namespace: 'shakedown-ci' }],
    });
  });
});
