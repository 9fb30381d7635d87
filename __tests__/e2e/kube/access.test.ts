import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientNodeKube, accessMessage, connect } from '../../../src/adapters/kubernetes/index.js';
import { parseAllDocuments } from 'yaml';
import type { AccessNeed, KubeObject } from '../../../src/ports/kube.js';
import {
  KUBECONFIG,
  RESTRICTED_KUBECONFIG,
  RESTRICTED_NAMESPACE,
  adminKube,
  describeCluster,
  namespaces,
} from './cluster.js';

/** A port nothing listens on (fetch refuses "bad ports" such as 1 before even trying). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const inRestricted = (
  verb: string,
  resource: string,
  group = '',
  subresource?: string,
): AccessNeed => ({
  verb,
  group,
  resource,
  subresource,
  namespace: RESTRICTED_NAMESPACE,
});

const NEEDS: AccessNeed[] = [
  inRestricted('create', 'pods'),
  inRestricted('create', 'pods', '', 'exec'),
  inRestricted('get', 'pods', '', 'log'),
  inRestricted('watch', 'pods'),
  inRestricted('create', 'deployments', 'apps'),
  { verb: 'create', group: '', resource: 'namespaces' },
  { verb: 'delete', group: '', resource: 'pods', namespace: 'default' },
];

describeCluster('Kubernetes adapter: identity and access (real cluster)', () => {
  let admin: ClientNodeKube;
  beforeAll(async () => {
    admin = await adminKube();
  });
  const namespace = namespaces(() => admin);

  it('suggests a Role that, once applied, grants exactly what was missing', async () => {
    const ns = await namespace('rbac');
    const restricted = new ClientNodeKube(await connect({ kubeconfig: RESTRICTED_KUBECONFIG }));
    const { username, context } = await restricted.identity();
    const needs: AccessNeed[] = [
      { verb: 'create', group: '', resource: 'configmaps', namespace: ns },
      { verb: 'create', group: '', resource: 'pods', subresource: 'exec', namespace: ns },
      { verb: 'watch', group: 'apps', resource: 'deployments', namespace: ns },
    ];
    expect(await restricted.missingAccess(needs)).toEqual(needs);
    const message = accessMessage(needs, { username, context });
    const manifests = parseAllDocuments(message.slice(message.indexOf('---'))).map(
      (d) => d.toJS() as KubeObject,
    );
    expect(manifests.map((m) => m.kind)).toEqual(['Role', 'RoleBinding']);
    await admin.apply(manifests, ns);
    expect(await restricted.missingAccess(needs)).toEqual([]);
  });

  it('reports the server version and who the credentials belong to', async () => {
    const kube = await adminKube();
    const identity = await kube.identity();
    expect(identity.serverVersion).toMatch(/^v1\.\d+\.\d+/);
    expect(identity.username).toBeTruthy();
    expect(identity.server).toMatch(/^https:\/\//);
    expect(identity.context).toBeTruthy();
  });

  it('finds nothing missing for the admin', async () => {
    const kube = await adminKube();
    expect(await kube.missingAccess(NEEDS)).toEqual([]);
  });

  it('names exactly what the namespace-restricted identity may not do', async () => {
    const kube = new ClientNodeKube(await connect({ kubeconfig: RESTRICTED_KUBECONFIG }));
    const identity = await kube.identity();
    expect(identity.username).toBe('shakedown-restricted');
    const missing = await kube.missingAccess(NEEDS);
    expect(missing).toEqual([NEEDS[4], NEEDS[5], NEEDS[6]]);
    const message = accessMessage(missing, {
      username: identity.username,
      context: identity.context,
    });
    expect(message).toContain(`create deployments.apps in namespace '${RESTRICTED_NAMESPACE}'`);
    expect(message).toContain('create namespaces (cluster-wide)');
    expect(message).toContain('kind: ClusterRole');
  });

  it('refuses credentials the API does not accept as Unauthorized', async () => {
    const kube = await adminKube();
    const { server } = await kube.identity();
    const dir = mkdtempSync(join(tmpdir(), 'sd-kc-'));
    const file = join(dir, 'bad.kubeconfig');
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: c, cluster: {server: "' +
          server +
          '", insecure-skip-tls-verify: true}}]',
        'users: [{name: u, user: {token: not-a-valid-token}}]',
        'contexts: [{name: x, context: {cluster: c, user: u}}]',
        'current-context: x',
      ].join('\n'),
    );
    const bad = new ClientNodeKube(await connect({ kubeconfig: file }));
    await expect(bad.identity()).rejects.toMatchObject({ kind: 'Unauthorized' });
  });

  it('reports an API that does not answer as Unavailable', async () => {
    const port = await closedPort();
    const kubeconfig = [
      `clusters: [{name: c, cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}}]`,
      'users: [{name: u, user: {token: t}}]',
      'contexts: [{name: x, context: {cluster: c, user: u}}]',
      'current-context: x',
    ].join('\n');
    const down = new ClientNodeKube(await connect({ kubeconfig }));
    await expect(down.identity()).rejects.toMatchObject({
      kind: 'Unavailable',
      message: expect.stringContaining(`https://127.0.0.1:${port}`),
    });
  });

  it('loads the same cluster from KUBECONFIG and from a base64 copy of the file', async () => {
    const fromEnv = await connect({ env: { KUBECONFIG } });
    const encoded = readFileSync(KUBECONFIG as string).toString('base64');
    const fromBase64 = await connect({ kubeconfig: encoded });
    expect(fromBase64.server).toBe(fromEnv.server);
    const identity = await new ClientNodeKube(fromBase64).identity();
    expect(identity.server).toBe(fromEnv.server);
  });
});
