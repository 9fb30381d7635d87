import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientNodeKube } from '../../../../src/adapters/kubernetes/client-node-kube.js';
import type { AccessNeed, KubeObject } from '../../../../src/ports/kube.js';
import { CORE_RESOURCES, FakeApi, json, status, watchLines, type Route } from './fake-api.js';

const APPS = {
  kind: 'APIResourceList',
  groupVersion: 'apps/v1',
  resources: [
    { name: 'deployments', kind: 'Deployment', namespaced: true },
    { name: 'deployments/scale', kind: 'Scale', namespaced: true },
  ],
};
const discovery: [RegExp, Route][] = [
  [/^GET \/api\/v1$/, (_, res) => json(res, 200, CORE_RESOURCES)],
  [/^GET \/apis\/apps\/v1$/, (_, res) => json(res, 200, APPS)],
];

describe('ClientNodeKube against a scripted API', () => {
  let api: FakeApi | undefined;
  afterEach(() => api?.stop());

  it('applies server-side as manager shakedown with force, sending the manifest untouched', async () => {
    api = new FakeApi([
      ...discovery,
      [
        /^PATCH /,
        (req, res) => json(res, 200, { ...JSON.parse(req.body), status: { applied: true } }),
      ],
    ]);
    const kube = new ClientNodeKube(await api.start());
    const manifest: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      // A field this client-node version has never heard of must reach the server.
      spec: { replicas: 1, fieldFromTheFuture: { enabled: true } },
    };
    const [applied] = await kube.apply([manifest], 'ns');
    expect(applied.status).toEqual({ applied: true });
    const [patch] = api.sent(/^PATCH/);
    expect(patch.path).toBe('/apis/apps/v1/namespaces/ns/deployments/web');
    expect(patch.headers['content-type']).toBe('application/apply-patch+yaml');
    expect(Object.fromEntries(patch.query)).toEqual({ fieldManager: 'shakedown', force: 'true' });
    expect(JSON.parse(patch.body)).toEqual({
      ...manifest,
      metadata: { ...manifest.metadata, namespace: 'ns' },
    });
    expect(patch.headers.authorization).toBe('Bearer fake-token');
  });

  it('creates cluster-scoped and namespaced objects at their paths, and reads a missing one as undefined', async () => {
    api = new FakeApi([
      ...discovery,
      [/^POST /, (req, res) => json(res, 201, JSON.parse(req.body))],
      [
        /^GET \/api\/v1\/namespaces\/ns\/configmaps\/absent$/,
        (_, res) => status(res, 404, 'NotFound', 'configmaps "absent" not found'),
      ],
    ]);
    const kube = new ClientNodeKube(await api.start());
    await kube.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'ns' },
    });
    await kube.createNamespace('run-1', { a: 'b' }, { c: 'd' });
    expect(api.sent(/^POST/).map((r) => r.path)).toEqual([
      '/api/v1/namespaces/ns/configmaps',
      '/api/v1/namespaces',
    ]);
    expect(JSON.parse(api.sent(/^POST/)[1].body).metadata).toEqual({
      name: 'run-1',
      labels: { a: 'b' },
      annotations: { c: 'd' },
    });
    expect(await kube.get('v1', 'ConfigMap', 'ns', 'absent')).toBeUndefined();
    await expect(
      kube.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }),
    ).rejects.toMatchObject({
      kind: 'Invalid',
      message: "create ConfigMap 'c': ConfigMap is namespaced but no namespace was given",
    });
  });

  it('waits for a namespace from the resourceVersion its deletion returned, and times out naming what blocks it', async () => {
    const terminating = (rv: string, conditions: unknown[] = []) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'run-1', resourceVersion: rv },
      status: { phase: 'Terminating', conditions },
    });
    let watchEvents: unknown[] = [{ type: 'DELETED', object: terminating('8') }];
    api = new FakeApi([
      ...discovery,
      [/^DELETE \/api\/v1\/namespaces\/run-1$/, (_, res) => json(res, 200, terminating('7'))],
      [/^GET \/api\/v1\/namespaces$/, (_, res) => watchLines(res, watchEvents, false)],
    ]);
    const kube = new ClientNodeKube(await api.start());
    await kube.deleteNamespace('run-1', 5_000);
    const [watch] = api.sent(/^GET \/api\/v1\/namespaces$/);
    expect(watch.query.get('resourceVersion')).toBe('7');
    expect(watch.query.get('fieldSelector')).toBe('metadata.name=run-1');

    const blocked = {
      type: 'NamespaceFinalizersRemaining',
      status: 'True',
      message: 'Some content has finalizers: example.com/f',
    };
    watchEvents = [{ type: 'MODIFIED', object: terminating('9', [blocked]) }];
    await expect(kube.deleteNamespace('run-1', 300)).rejects.toMatchObject({
      kind: 'Timeout',
      message:
        "delete namespace 'run-1': still there after 0.3 s (phase Terminating; NamespaceFinalizersRemaining: Some content has finalizers: example.com/f)",
    });
  });

  it('reports who we are, and falls back to an access review where SelfSubjectReview is not served', async () => {
    let reviewServed = true;
    api = new FakeApi([
      [/^GET \/version$/, (_, res) => json(res, 200, { gitVersion: 'v1.33.1' })],
      [
        /^POST \/apis\/authentication.k8s.io\/v1\/selfsubjectreviews$/,
        (_, res) =>
          reviewServed
            ? json(res, 201, { status: { userInfo: { username: 'ci-bot' } } })
            : status(res, 404, 'NotFound', 'the server could not find the requested resource'),
      ],
      [
        /^POST \/apis\/authorization.k8s.io\/v1\/selfsubjectaccessreviews$/,
        (_, res) => status(res, 401, 'Unauthorized', 'Unauthorized'),
      ],
    ]);
    const connection = await api.start();
    const kube = new ClientNodeKube(connection);
    expect(await kube.identity()).toEqual({
      serverVersion: 'v1.33.1',
      username: 'ci-bot',
      context: 'fake',
      server: connection.server,
    });
    reviewServed = false;
    await expect(kube.identity()).rejects.toMatchObject({
      kind: 'Unauthorized',
      message: expect.stringContaining(
        `authenticate to the Kubernetes API at ${connection.server}`,
      ),
    });
  });

  it('authenticates through an exec credential plugin, and names a plugin that fails', async () => {
    const plugin = join(mkdtempSync(join(tmpdir(), 'sd-plugin-')), 'credential-plugin');
    const credential = {
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { token: 'from-plugin' },
    };
    writeFileSync(plugin, `#!/bin/sh\necho '${JSON.stringify(credential)}'\n`, { mode: 0o755 });
    api = new FakeApi([
      [/^GET \/version$/, (_, res) => json(res, 200, { gitVersion: 'v1.33.1' })],
      [
        /selfsubjectreviews$/,
        (_, res) => json(res, 201, { status: { userInfo: { username: 'plugin-user' } } }),
      ],
    ]);
    const exec = (command: string) =>
      `{exec: {apiVersion: client.authentication.k8s.io/v1, command: "${command}"}}`;
    const kube = new ClientNodeKube(await api.start(exec(plugin)));
    expect((await kube.identity()).username).toBe('plugin-user');
    expect(api.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer from-plugin',
      'Bearer from-plugin',
    ]);
    const broken = new ClientNodeKube(await api.start(exec('/nonexistent/credential-plugin')));
    await expect(broken.identity()).rejects.toMatchObject({
      kind: 'Unauthorized',
      message: expect.stringMatching(
        /^obtaining credentials for context 'fake' failed: .*nonexistent\/credential-plugin/,
      ),
    });
  });

  it('reviews access concurrently but boundedly, and returns what is denied in the given order', async () => {
    let inFlight = 0;
    let most = 0;
    api = new FakeApi([
      [
        /selfsubjectaccessreviews$/,
        async (req, res) => {
          most = Math.max(most, ++inFlight);
          await new Promise((resolve) => setTimeout(resolve, 20));
          inFlight--;
          const { resourceAttributes } = JSON.parse(req.body).spec;
          json(res, 201, { status: { allowed: resourceAttributes.verb !== 'delete' } });
        },
      ],
    ]);
    const kube = new ClientNodeKube(await api.start());
    const needs: AccessNeed[] = Array.from({ length: 20 }, (_, i) => ({
      verb: i % 3 === 0 ? 'delete' : 'get',
      group: '',
      resource: 'pods',
      namespace: `ns-${i}`,
    }));
    const missing = await kube.missingAccess(needs);
    expect(missing.map((n) => n.namespace)).toEqual([
      'ns-0',
      'ns-3',
      'ns-6',
      'ns-9',
      'ns-12',
      'ns-15',
      'ns-18',
    ]);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(8);
    expect(JSON.parse(api.requests[0].body).spec.resourceAttributes).toEqual({
      verb: 'delete',
      group: '',
      resource: 'pods',
      namespace: 'ns-0',
    });
  });

  it('deletes by label, one by one where deletecollection is not served or not granted', async () => {
    api = new FakeApi([
      ...discovery,
      [
        /^DELETE \/apis\/apps\/v1\/namespaces\/ns\/deployments$/,
        (_, res) => status(res, 403, 'Forbidden', 'cannot deletecollection deployments'),
      ],
      [
        /^GET \/apis\/apps\/v1\/namespaces\/ns\/deployments$/,
        (_, res) => json(res, 200, { items: [] }),
      ],
      [
        /^DELETE \/api\/v1\/namespaces\/ns\/configmaps$/,
        (_, res) => status(res, 405, 'MethodNotAllowed', 'not allowed'),
      ],
      [
        /^GET \/api\/v1\/namespaces\/ns\/configmaps$/,
        (_, res) =>
          json(res, 200, { items: [{ metadata: { name: 'a' } }, { metadata: { name: 'b' } }] }),
      ],
      [/^DELETE /, (_, res) => json(res, 200, { kind: 'Status', status: 'Success' })],
    ]);
    const kube = new ClientNodeKube(await api.start());
    await kube.deleteCollection(
      'ns',
      [
        { apiVersion: 'apps/v1', kind: 'Deployment' },
        { apiVersion: 'v1', kind: 'ConfigMap' },
      ],
      'run=1',
    );
    expect(api.sent(/^DELETE/).map((r) => `${r.path}?${r.query}`)).toEqual([
      '/apis/apps/v1/namespaces/ns/deployments?labelSelector=run%3D1&propagationPolicy=Background',
      '/api/v1/namespaces/ns/configmaps?labelSelector=run%3D1&propagationPolicy=Background',
      '/api/v1/namespaces/ns/configmaps/a?propagationPolicy=Background',
      '/api/v1/namespaces/ns/configmaps/b?propagationPolicy=Background',
    ]);
  });

  it("lists an object's events oldest first", async () => {
    api = new FakeApi([
      [
        /^GET \/api\/v1\/namespaces\/ns\/events$/,
        (_, res) =>
          json(res, 200, {
            items: [
              {
                reason: 'Failed',
                message: 'ErrImageNeverPull',
                type: 'Warning',
                lastTimestamp: '2025-01-01T00:00:09Z',
              },
              {
                reason: 'Scheduled',
                message: 'assigned',
                type: 'Normal',
                eventTime: '2025-01-01T00:00:01.000000Z',
              },
            ],
          }),
      ],
    ]);
    const kube = new ClientNodeKube(await api.start());
    expect(await kube.events('ns', 'web')).toEqual([
      { reason: 'Scheduled', message: 'assigned', type: 'Normal' },
      { reason: 'Failed', message: 'ErrImageNeverPull', type: 'Warning' },
    ]);
    expect(api.requests[0].query.get('fieldSelector')).toBe('involvedObject.name=web');
  });
});
