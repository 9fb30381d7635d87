// Smoke suite for the local cluster (hack/cluster): proves that real pods start from local
// images, that logs, exec, Services, DNS, Jobs, namespace deletion and RBAC work, and that the
// network guard keeping pods on this machine is in place.
import * as k8s from '@kubernetes/client-node';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import {
  busyboxPod,
  type Cluster,
  connect,
  createNamespace,
  deleteNamespace,
  statusCode,
  uniqueName,
  waitFor,
  waitForPhase,
} from './kube.js';

// Per test: the e2e project's testTimeout is not applied by jest (a global-only option).
const TIMEOUT = 240_000;

let cluster: Cluster;
const namespaces: string[] = [];

async function namespace(prefix: string): Promise<string> {
  const name = await createNamespace(cluster.core, prefix);
  namespaces.push(name);
  return name;
}

beforeAll(async () => {
  cluster = await connect();
}, TIMEOUT);

afterAll(async () => {
  if (!cluster) return;
  await Promise.all(namespaces.map((ns) => deleteNamespace(cluster.core, ns)));
}, TIMEOUT);

describe('local cluster smoke', () => {
  it(
    'runs a pod from a local image to completion and reads its logs through the API',
    async () => {
      const ns = await namespace('logs');
      await cluster.core.createNamespacedPod({
        namespace: ns,
        body: busyboxPod('hello', 'echo "hello from $(hostname)"; wget --help 2>&1 | head -1'),
      });
      await waitForPhase(cluster.core, ns, 'hello', ['Succeeded']);
      const log = await cluster.core.readNamespacedPodLog({ name: 'hello', namespace: ns });
      expect(log).toContain('hello from hello');
      expect(log).toContain('BusyBox');
    },
    TIMEOUT,
  );

  it(
    'execs into a running pod',
    async () => {
      const ns = await namespace('exec');
      await cluster.core.createNamespacedPod({
        namespace: ns,
        body: busyboxPod('sleeper', 'sleep 3600'),
      });
      await waitForPhase(cluster.core, ns, 'sleeper', ['Running']);

      let stdout = '';
      const sink = new Writable({
        write(chunk, _enc, done) {
          stdout += String(chunk);
          done();
        },
      });
      let socket: { close(): void } | undefined;
      const status = await new Promise<k8s.V1Status>((resolve, reject) => {
        new k8s.Exec(cluster.kc)
          .exec(
            ns,
            'sleeper',
            'main',
            ['sh', '-c', 'echo exec-ok in $(hostname)'],
            sink,
            null,
            null,
            false,
            resolve,
          )
          .then((ws) => (socket = ws), reject);
      });
      socket?.close();
      expect(status.status).toBe('Success');
      expect(stdout).toContain('exec-ok in sleeper');
    },
    TIMEOUT,
  );

  it(
    'resolves Service names and reaches pods behind ClusterIP and headless Services',
    async () => {
      const ns = await namespace('svc');
      const serve =
        'mkdir -p /www && echo "served by $(hostname)" > /www/index.html && exec httpd -f -p 8080 -h /www';
      await cluster.core.createNamespacedPod({
        namespace: ns,
        body: busyboxPod('web', serve, { labels: { app: 'web' }, readyPort: 8080 }),
      });
      await cluster.core.createNamespacedService({
        namespace: ns,
        body: {
          metadata: { name: 'web' },
          spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
        },
      });
      await cluster.core.createNamespacedService({
        namespace: ns,
        body: {
          metadata: { name: 'web-headless' },
          spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 8080 }] },
        },
      });
      const server = await waitForPhase(cluster.core, ns, 'web', ['Running']);
      const podIP = server.status?.podIP;
      expect(podIP).toBeTruthy();

      // Retries cover the moment between the pod turning Ready and kube-proxy's rules landing.
      const client = [
        'fetch() { for i in $(seq 1 30); do wget -q -T 2 -O - "$1" && return 0; sleep 1; done; return 1; }',
        'set -e',
        'echo "short: $(fetch http://web/)"',
        `echo "fqdn: $(fetch http://web.${ns}.svc.cluster.local/)"`,
        'echo "headless: $(fetch http://web-headless:8080/)"',
        'nslookup web-headless.' + ns + '.svc.cluster.local',
      ].join('\n');
      await cluster.core.createNamespacedPod({ namespace: ns, body: busyboxPod('client', client) });
      await waitForPhase(cluster.core, ns, 'client', ['Succeeded']);
      const log = await cluster.core.readNamespacedPodLog({ name: 'client', namespace: ns });
      expect(log).toContain('short: served by web');
      expect(log).toContain('fqdn: served by web');
      expect(log).toContain('headless: served by web');
      // A headless name resolves straight to the pod, not to a virtual IP.
      expect(log).toContain(`Address: ${podIP}`);
    },
    TIMEOUT,
  );

  it(
    'completes a Job',
    async () => {
      const ns = await namespace('job');
      await cluster.batch.createNamespacedJob({
        namespace: ns,
        body: {
          metadata: { name: 'once' },
          spec: {
            backoffLimit: 0,
            template: { spec: busyboxPod('once', 'echo job-ran').spec },
          },
        },
      });
      const job = await waitFor('Job once to complete', 120_000, async () => {
        const j = await cluster.batch.readNamespacedJob({ name: 'once', namespace: ns });
        if ((j.status?.failed ?? 0) > 0) throw new Error('Job failed');
        return j.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True')
          ? j
          : undefined;
      });
      expect(job.status?.succeeded).toBe(1);
    },
    TIMEOUT,
  );

  it(
    'deletes a namespace with a running pod in it',
    async () => {
      const ns = await namespace('delete');
      await cluster.core.createNamespacedPod({
        namespace: ns,
        body: busyboxPod('sleeper', 'sleep 3600'),
      });
      await cluster.core.createNamespacedConfigMap({
        namespace: ns,
        body: { metadata: { name: 'data' }, data: { a: 'b' } },
      });
      await waitForPhase(cluster.core, ns, 'sleeper', ['Running']);
      await cluster.core.deleteNamespace({ name: ns });
      await waitFor(`namespace ${ns} to disappear`, 120_000, async () => {
        try {
          await cluster.core.readNamespace({ name: ns });
          return undefined;
        } catch (err) {
          if (statusCode(err) === 404) return true;
          throw err;
        }
      });
    },
    TIMEOUT,
  );

  it(
    'lets the restricted kubeconfig work in shakedown-restricted only',
    async () => {
      const path = join(dirname(cluster.kubeconfigPath), 'restricted.kubeconfig');
      expect(existsSync(path)).toBe(true);
      const kc = new k8s.KubeConfig();
      kc.loadFromFile(path);
      const core = kc.makeApiClient(k8s.CoreV1Api);
      const home = 'shakedown-restricted';
      const name = uniqueName('smoke');
      await core.createNamespacedPod({
        namespace: home,
        body: busyboxPod(name, 'echo restricted-ok'),
      });
      try {
        await waitForPhase(core, home, name, ['Succeeded']);
        expect(await core.readNamespacedPodLog({ name, namespace: home })).toContain(
          'restricted-ok',
        );
      } finally {
        await core.deleteNamespacedPod({ name, namespace: home, gracePeriodSeconds: 0 });
      }

      const elsewhere = await namespace('rbac');
      const forbidden = async (call: () => Promise<unknown>) => {
        const err = await call().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(statusCode(err)).toBe(403);
      };
      await forbidden(() =>
        core.createNamespacedPod({ namespace: elsewhere, body: busyboxPod('x', 'true') }),
      );
      await forbidden(() => core.listPodForAllNamespaces());
      await forbidden(() =>
        core.createNamespace({ body: { metadata: { name: uniqueName('nope') } } }),
      );

      const review = await kc.makeApiClient(k8s.AuthorizationV1Api).createSelfSubjectAccessReview({
        body: {
          spec: { resourceAttributes: { namespace: elsewhere, verb: 'create', resource: 'pods' } },
        },
      });
      expect(review.status?.allowed).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'keeps pods off the outside network (guard rules and blackhole routes exist)',
    () => {
      // Read the names from lib.sh so this test and the scripts cannot drift apart.
      const lib = join(process.cwd(), 'hack/cluster/lib.sh');
      const env = execFileSync(
        'bash',
        ['-c', `source "${lib}"; echo "$POD_CIDR $SERVICE_CIDR $BRIDGE_IF"`],
        {
          encoding: 'utf8',
        },
      );
      const [podCidr, serviceCidr, bridge] = env.trim().split(' ');
      const sh = (cmd: string) => execFileSync('bash', ['-c', cmd], { encoding: 'utf8' });

      const routes = sh('ip route show type blackhole');
      expect(routes).toContain(podCidr);
      expect(routes).toContain(serviceCidr);
      for (const table of ['filter', 'mangle']) {
        expect(sh(`iptables -w -t ${table} -S FORWARD`)).toContain('-A FORWARD -j SHAKEDOWN-GUARD');
        const guard = sh(`iptables -w -t ${table} -S SHAKEDOWN-GUARD`);
        expect(guard).toContain(`-A SHAKEDOWN-GUARD -i ${bridge} -o ${bridge} -j RETURN`);
        expect(guard).toMatch(new RegExp(`-A SHAKEDOWN-GUARD -i ${bridge} .*-j DROP`));
      }
      // The bridge plugin must not add its own masquerade rules.
      expect(sh('iptables -w -t nat -S POSTROUTING')).not.toMatch(/CNI-/);
    },
    TIMEOUT,
  );
});
