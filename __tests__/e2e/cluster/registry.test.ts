// The local cluster's registries (hack/cluster/registry.sh): containerd really pulls from the
// anonymous one over plain HTTP, and from the basic-auth one only with the pod's
// imagePullSecret. Also pins what the entrypoint demo image is, since other tests rely on it.
import type * as k8s from '@kubernetes/client-node';
import {
  type Cluster,
  connect,
  createNamespace,
  deleteNamespace,
  Fatal,
  waitFor,
  waitForPhase,
} from './kube.js';
import { type LocalRegistries, localRegistries } from './registry.js';

const TIMEOUT = 240_000;
const INDEX = 'application/vnd.oci.image.index.v1+json';

let cluster: Cluster;
let reg: LocalRegistries;
const namespaces: string[] = [];

async function namespace(prefix: string): Promise<string> {
  const name = await createNamespace(cluster.core, prefix);
  namespaces.push(name);
  return name;
}

beforeAll(async () => {
  cluster = await connect();
  reg = localRegistries(cluster.kubeconfigPath);
}, TIMEOUT);

afterAll(async () => {
  if (!cluster) return;
  await Promise.all(namespaces.map((ns) => deleteNamespace(cluster.core, ns)));
}, TIMEOUT);

// Always: the kubelet asks containerd to pull every time, so nothing can come from the images
// imported under docker.io names.
function container(name: string, image: string, extra: Partial<k8s.V1Container> = {}) {
  return { name, image, imagePullPolicy: 'Always', ...extra };
}

function pod(name: string, spec: Partial<k8s.V1PodSpec>): k8s.V1Pod {
  return {
    metadata: { name },
    spec: { restartPolicy: 'Never', terminationGracePeriodSeconds: 2, containers: [], ...spec },
  };
}

async function logOf(ns: string, name: string, container: string): Promise<string> {
  return cluster.core.readNamespacedPodLog({ name, namespace: ns, container });
}

// The reason and message kubelet reports while the image of the pod's first container
// cannot be pulled.
async function pullFailure(ns: string, name: string): Promise<string> {
  return waitFor(`image pull failure of ${ns}/${name}`, 120_000, async () => {
    const p = await cluster.core.readNamespacedPod({ name, namespace: ns });
    if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Running') {
      throw new Fatal(`pod ${ns}/${name} is ${p.status.phase}: the image was pulled`);
    }
    const waiting = p.status?.containerStatuses?.[0]?.state?.waiting;
    if (waiting?.reason === 'ErrImagePull' || waiting?.reason === 'ImagePullBackOff') {
      return `${waiting.reason}: ${waiting.message ?? ''}`;
    }
    return undefined;
  });
}

describe('local registries', () => {
  it(
    'serves the entrypoint demo as an OCI index with two platforms',
    async () => {
      const res = await fetch(`http://${reg.anonymous}/v2/shakedown/entrypoint-demo/manifests/1`, {
        headers: { Accept: INDEX },
      });
      expect(res.status).toBe(200);
      const index = (await res.json()) as {
        mediaType: string;
        manifests: { platform: { os: string; architecture: string } }[];
      };
      expect(index.mediaType).toBe(INDEX);
      expect(
        index.manifests.map((m) => `${m.platform.os}/${m.platform.architecture}`).sort(),
      ).toEqual(['linux/amd64', 'linux/arm64']);
    },
    TIMEOUT,
  );

  it(
    'runs a pod whose images all come from the anonymous registry',
    async () => {
      const ns = await namespace('reg-anon');
      const demo = `${reg.anonymous}/shakedown/entrypoint-demo:1`;
      await cluster.core.createNamespacedPod({
        namespace: ns,
        body: pod('anon', {
          initContainers: [
            container('busybox', `${reg.anonymous}/library/busybox:1.36`, {
              command: ['sh', '-c', 'echo busybox from the registry'],
            }),
          ],
          containers: [
            // No command or args: the image's ENTRYPOINT and CMD decide what runs.
            container('defaults', demo),
            container('args', demo, { args: ['one', 'two'] }),
            container('config', demo, {
              command: ['sh', '-c', 'echo "cwd=$(pwd) greeting=$DEMO_GREETING"; cat hello.txt'],
            }),
          ],
        }),
      });
      const done = await waitForPhase(cluster.core, ns, 'anon', ['Succeeded']);

      expect(await logOf(ns, 'anon', 'busybox')).toBe('busybox from the registry\n');
      expect(await logOf(ns, 'anon', 'defaults')).toBe('entrypoint args: from-image-cmd\n');
      expect(await logOf(ns, 'anon', 'args')).toBe('entrypoint args: one two\n');
      expect(await logOf(ns, 'anon', 'config')).toBe(
        "cwd=/srv/demo greeting=hello-from-image-config\nthis file sits in the image's WorkingDir\n",
      );
      for (const s of done.status?.containerStatuses ?? []) {
        expect(s.imageID).toMatch(
          new RegExp(`^${reg.anonymous.replace(/\./g, '\\.')}/shakedown/entrypoint-demo@sha256:`),
        );
      }
    },
    TIMEOUT,
  );

  it(
    'refuses the auth registry without an imagePullSecret and pulls from it with one',
    async () => {
      const ns = await namespace('reg-auth');
      const image = `${reg.auth}/library/busybox:1.36`;
      const main = container('main', image, { command: ['sh', '-c', 'echo pulled with a secret'] });

      await cluster.core.createNamespacedPod({
        namespace: ns,
        body: pod('anonymous', { containers: [main] }),
      });
      const failure = await pullFailure(ns, 'anonymous');
      expect(failure).toMatch(/401|unauthorized/i);

      const auth = Buffer.from(`${reg.user}:${reg.password}`).toString('base64');
      await cluster.core.createNamespacedSecret({
        namespace: ns,
        body: {
          metadata: { name: 'local-registry' },
          type: 'kubernetes.io/dockerconfigjson',
          stringData: {
            '.dockerconfigjson': JSON.stringify({
              auths: { [reg.auth]: { username: reg.user, password: reg.password, auth } },
            }),
          },
        },
      });
      await cluster.core.createNamespacedPod({
        namespace: ns,
        body: pod('with-secret', {
          containers: [main],
          imagePullSecrets: [{ name: 'local-registry' }],
        }),
      });
      await waitForPhase(cluster.core, ns, 'with-secret', ['Succeeded']);
      expect(await logOf(ns, 'with-secret', 'main')).toBe('pulled with a secret\n');
    },
    TIMEOUT,
  );
});
