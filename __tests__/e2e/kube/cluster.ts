// Shared setup of the adapter's end-to-end tests: the real local cluster from hack/cluster
// (`eval "$(npm run -s cluster:up)"` exports KUBECONFIG). Without KUBECONFIG the tests are
// skipped on a developer machine, but in CI (CI=true) they run and fail: a CI run must never
// pass by not testing.
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { jest } from '@jest/globals';
import { ClientNodeKube, connect } from '../../../src/adapters/kubernetes/index.js';
import type { KubeObject } from '../../../src/ports/kube.js';

// jest ignores the e2e project's testTimeout (a global-only option); pods take seconds.
jest.setTimeout(120_000);

export const KUBECONFIG = process.env.KUBECONFIG;
export const RESTRICTED_KUBECONFIG =
  KUBECONFIG && join(dirname(KUBECONFIG.split(':')[0]), 'restricted.kubeconfig');
export const RESTRICTED_NAMESPACE = 'shakedown-restricted';
export const IMAGE = 'busybox:1.36';

export const describeCluster = KUBECONFIG || process.env.CI === 'true' ? describe : describe.skip;

export async function adminKube(): Promise<ClientNodeKube> {
  if (!KUBECONFIG)
    throw new Error('KUBECONFIG is not set: run `eval "$(npm run -s cluster:up)"` first');
  const kube = new ClientNodeKube(await connect({ kubeconfig: KUBECONFIG }));
  await kube.identity(); // fails the suite at once when the cluster does not answer
  return kube;
}

/** A fresh namespace for one test, deleted (and waited for) after the file's tests. */
export function namespaces(kube: () => ClientNodeKube) {
  const created: string[] = [];
  afterAll(async () => {
    await Promise.all(created.map((name) => kube().deleteNamespace(name, 60_000)));
  });
  return async (purpose: string): Promise<string> => {
    const name = `sd-e2e-${purpose}-${randomBytes(3).toString('hex')}`;
    await kube().createNamespace(name, { 'app.kubernetes.io/managed-by': 'shakedown-e2e' }, {});
    created.push(name);
    return name;
  };
}

export function pod(
  namespace: string,
  name: string,
  script: string,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace },
    spec: {
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 1,
      containers: [
        {
          name: 'main',
          image: IMAGE,
          imagePullPolicy: 'Never',
          command: ['sh', '-c', script],
          ...extra,
        },
      ],
    },
  };
}
