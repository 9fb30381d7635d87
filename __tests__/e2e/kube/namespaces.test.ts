import { randomBytes } from 'node:crypto';
import type { ClientNodeKube } from '../../../src/adapters/kubernetes/index.js';
import { adminKube, describeCluster, pod } from './cluster.js';

describeCluster('Kubernetes adapter: namespaces (real cluster)', () => {
  let kube: ClientNodeKube;
  beforeAll(async () => {
    kube = await adminKube();
  });

  it('creates a labelled namespace, finds it by label, deletes it and waits until it is gone', async () => {
    const runId = randomBytes(4).toString('hex');
    const name = `sd-e2e-ns-${runId}`;
    const labels = {
      'app.kubernetes.io/managed-by': 'shakedown-e2e',
      'shakedown.dev/run-id': runId,
    };
    await kube.createNamespace(name, labels, {
      'shakedown.dev/ci-url': 'https://ci.example/run/1',
    });
    try {
      const found = await kube.listNamespaces(`shakedown.dev/run-id=${runId}`);
      expect(found.map((n) => n.metadata.name)).toEqual([name]);
      expect(found[0].kind).toBe('Namespace');
      expect(found[0].metadata.annotations?.['shakedown.dev/ci-url']).toBe(
        'https://ci.example/run/1',
      );
      // A pod with a grace period makes deletion take a moment: the wait must cover it.
      await kube.create(pod(name, 'sleeper', 'sleep 3600'));
      await expect(kube.createNamespace(name, labels, {})).rejects.toMatchObject({
        kind: 'AlreadyExists',
      });
    } finally {
      await kube.deleteNamespace(name, 60_000);
    }
    expect(await kube.get('v1', 'Namespace', '', name)).toBeUndefined();
    expect(await kube.listNamespaces(`shakedown.dev/run-id=${runId}`)).toEqual([]);
  });

  it('treats deleting a namespace that does not exist as done', async () => {
    await expect(
      kube.deleteNamespace(`sd-e2e-absent-${randomBytes(3).toString('hex')}`, 5_000),
    ).resolves.toBeUndefined();
  });
});
