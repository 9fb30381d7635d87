import type { ClientNodeKube } from '../../../src/adapters/kubernetes/index.js';
import { FIELD_MANAGER } from '../../../src/adapters/kubernetes/index.js';
import type { KubeObject } from '../../../src/ports/kube.js';
import { IMAGE, adminKube, describeCluster, namespaces } from './cluster.js';

function deployment(replicas: number, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { 'shakedown.dev/run-id': 'e2e' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [
            { name: 'web', image: IMAGE, imagePullPolicy: 'Never', command: ['sleep', '3600'] },
          ],
        },
      },
      ...extra,
    },
  };
}

describeCluster('Kubernetes adapter: server-side apply (real cluster)', () => {
  let kube: ClientNodeKube;
  beforeAll(async () => {
    kube = await adminKube();
  });
  const namespace = namespaces(() => kube);

  it('applies a Deployment server-side, re-applies a change, and deletes by label', async () => {
    const ns = await namespace('apply');
    const config: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'settings' },
      data: { a: '1' },
    };
    const [appliedConfig, applied] = await kube.apply([config, deployment(1)], ns);
    expect(appliedConfig.metadata.namespace).toBe(ns);
    expect(applied.metadata.namespace).toBe(ns);
    const managers = (
      applied.metadata.managedFields as { manager: string; operation: string }[]
    ).map((f) => `${f.manager}/${f.operation}`);
    expect(managers).toContain(`${FIELD_MANAGER}/Apply`);
    // Timestamps stay strings: objects cross the port as the API's JSON, not model classes.
    expect(typeof applied.metadata.creationTimestamp).toBe('string');

    // A field the server owns in another manager's name is taken over (force), not a conflict.
    const scaled = await kube.apply([deployment(2, { revisionHistoryLimit: 3 })], ns);
    expect((scaled[0].spec as { replicas: number }).replicas).toBe(2);
    const read = await kube.get('apps/v1', 'Deployment', ns, 'web');
    expect(read?.spec).toMatchObject({ replicas: 2, revisionHistoryLimit: 3 });

    await kube.deleteCollection(
      ns,
      [
        { apiVersion: 'apps/v1', kind: 'Deployment' },
        { apiVersion: 'v1', kind: 'ConfigMap' },
      ],
      'shakedown.dev/run-id=e2e',
    );
    expect(await kube.get('apps/v1', 'Deployment', ns, 'web')).toBeUndefined();
    // The ConfigMap had no such label and stays.
    expect(await kube.get('v1', 'ConfigMap', ns, 'settings')).toBeDefined();
  });

  it('refuses a manifest for another namespace, a cluster-scoped one and an unknown kind, naming it', async () => {
    const ns = await namespace('refuse');
    const elsewhere = { ...deployment(1), metadata: { name: 'web', namespace: 'kube-system' } };
    await expect(kube.apply([elsewhere], ns)).rejects.toMatchObject({
      kind: 'Invalid',
      message: expect.stringContaining("names namespace 'kube-system'"),
    });
    const clusterRole = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'x' },
      rules: [],
    };
    await expect(kube.apply([clusterRole], ns)).rejects.toMatchObject({
      kind: 'Invalid',
      message: expect.stringContaining('cluster-scoped'),
    });
    const unknown = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    await expect(kube.apply([unknown], ns)).rejects.toMatchObject({
      kind: 'Invalid',
      message: expect.stringContaining("apiVersion 'example.com/v1' is not served"),
    });
    const invalid = deployment(1, { replicas: -1 });
    await expect(kube.apply([invalid], ns)).rejects.toMatchObject({
      kind: 'Invalid',
      message: expect.stringContaining('spec.replicas'),
    });
  });
});
