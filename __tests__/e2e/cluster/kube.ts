// Helpers for the cluster smoke suite: connect from $KUBECONFIG, make throwaway namespaces,
// build busybox pods and wait on API state.
import * as k8s from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';

export const BUSYBOX = 'docker.io/library/busybox:1.36';

export interface Cluster {
  kubeconfigPath: string;
  kc: k8s.KubeConfig;
  core: k8s.CoreV1Api;
  batch: k8s.BatchV1Api;
}

// Fails (never skips) when no cluster is configured or reachable: a smoke suite that quietly
// passes without a cluster would hide exactly the breakage it exists to catch.
export async function connect(): Promise<Cluster> {
  const kubeconfigPath = process.env.KUBECONFIG;
  const hint = 'start the local cluster with: eval "$(npm run -s cluster:up)"';
  if (!kubeconfigPath) {
    throw new Error(`KUBECONFIG is not set (CI=${process.env.CI ?? 'unset'}); ${hint}`);
  }
  if (!existsSync(kubeconfigPath)) {
    throw new Error(`KUBECONFIG=${kubeconfigPath} does not exist; ${hint}`);
  }
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  try {
    await core.listNamespace({ limit: 1 });
  } catch (err) {
    throw new Error(
      `cluster at ${kc.getCurrentCluster()?.server} is unreachable (${String(err)}); ${hint}`,
    );
  }
  return { kubeconfigPath, kc, core, batch: kc.makeApiClient(k8s.BatchV1Api) };
}

export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

export async function createNamespace(core: k8s.CoreV1Api, prefix: string): Promise<string> {
  const name = uniqueName(`smoke-${prefix}`);
  await core.createNamespace({
    body: { metadata: { name, labels: { 'shakedown.io/smoke': 'true' } } },
  });
  // The ServiceAccount admission plugin rejects pods until the default account exists.
  await waitFor(`default ServiceAccount in ${name}`, 60_000, async () => {
    await core.readNamespacedServiceAccount({ name: 'default', namespace: name });
    return true;
  });
  return name;
}

export function statusCode(err: unknown): number | undefined {
  return err instanceof k8s.ApiException ? err.code : undefined;
}

export async function deleteNamespace(core: k8s.CoreV1Api, name: string): Promise<void> {
  try {
    await core.deleteNamespace({ name });
  } catch (err) {
    if (statusCode(err) !== 404) throw err;
  }
}

// Thrown from a waitFor probe to stop waiting at once (e.g. the pod already failed).
export class Fatal extends Error {}

export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined | false>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      if (err instanceof Fatal) throw err;
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export function busyboxPod(
  name: string,
  script: string,
  opts: { labels?: Record<string, string>; restartPolicy?: string; readyPort?: number } = {},
): k8s.V1Pod {
  return {
    metadata: { name, labels: opts.labels },
    spec: {
      restartPolicy: opts.restartPolicy ?? 'Never',
      terminationGracePeriodSeconds: 2,
      containers: [
        {
          name: 'main',
          image: BUSYBOX,
          // Never: docker.io references cannot be pulled here (the local registries serve them
          // under 127.0.0.1:5000/…, see registry.test.ts), and nothing may try to.
          imagePullPolicy: 'Never',
          command: ['sh', '-c', script],
          readinessProbe: opts.readyPort
            ? { tcpSocket: { port: opts.readyPort }, periodSeconds: 1 }
            : undefined,
        },
      ],
    },
  };
}

export async function waitForPhase(
  core: k8s.CoreV1Api,
  namespace: string,
  name: string,
  phases: string[],
  timeoutMs = 120_000,
): Promise<k8s.V1Pod> {
  return waitFor(`pod ${namespace}/${name} in ${phases.join('|')}`, timeoutMs, async () => {
    const pod = await core.readNamespacedPod({ name, namespace });
    const phase = pod.status?.phase ?? '';
    if (phases.includes(phase)) return pod;
    if (phase === 'Failed' || phase === 'Succeeded') {
      const log = await core.readNamespacedPodLog({ name, namespace }).catch(() => '');
      throw new Fatal(`pod ${namespace}/${name} ended ${phase}; log:\n${log}`);
    }
    return undefined;
  });
}
