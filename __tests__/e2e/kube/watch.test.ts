import type { ClientNodeKube } from '../../../src/adapters/kubernetes/index.js';
import { ClientNodeKube as Kube, connect } from '../../../src/adapters/kubernetes/index.js';
import { DEFAULT_WATCH_TIMING } from '../../../src/adapters/kubernetes/watch.js';
import type { KubeObject, WatchEvent } from '../../../src/ports/kube.js';
import { KUBECONFIG, adminKube, describeCluster, namespaces, pod } from './cluster.js';

const phaseOf = (object: KubeObject) => (object.status as { phase?: string } | undefined)?.phase;

describeCluster('Kubernetes adapter: watch (real cluster)', () => {
  let kube: ClientNodeKube;
  beforeAll(async () => {
    kube = await adminKube();
  });
  const namespace = namespaces(() => kube);

  it('sees a pod go from Running to Succeeded', async () => {
    const ns = await namespace('watch');
    const controller = new AbortController();
    const phases: string[] = [];
    const watching = (async () => {
      for await (const event of kube.watch('v1', 'Pod', ns, 'app=probe', controller.signal)) {
        if (event.type === 'ERROR') throw event.error;
        expect(event.object.kind).toBe('Pod');
        const phase = phaseOf(event.object) ?? '';
        if (phases.at(-1) !== phase) phases.push(phase);
        if (phase === 'Succeeded' || phase === 'Failed') return;
      }
    })();
    const probe = pod(ns, 'probe', 'sleep 2; echo done');
    probe.metadata.labels = { app: 'probe' };
    await kube.create(probe);
    await watching;
    controller.abort();
    expect(phases).toContain('Running');
    expect(phases.at(-1)).toBe('Succeeded');
    expect(phases.indexOf('Running')).toBeLessThan(phases.indexOf('Succeeded'));
  });

  it('ends promptly when the signal aborts, and a new watch starts from the current state', async () => {
    const ns = await namespace('abort');
    await kube.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'first', namespace: ns },
      data: {},
    });
    const controller = new AbortController();
    const seen: string[] = [];
    const started = Date.now();
    for await (const event of kube.watch('v1', 'ConfigMap', ns, undefined, controller.signal)) {
      if (event.type !== 'ERROR') seen.push(`${event.type} ${event.object.metadata.name}`);
      // Abort while the generator waits for the next event on an open stream.
      setTimeout(() => controller.abort(), 200);
    }
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(seen).toContain('ADDED first');
    await kube.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'second', namespace: ns },
      data: {},
    });
    const again = new AbortController();
    const names: string[] = [];
    for await (const event of kube.watch('v1', 'ConfigMap', ns, undefined, again.signal)) {
      if (event.type === 'ADDED') names.push(event.object.metadata.name);
      if (names.includes('first') && names.includes('second')) again.abort();
    }
    expect(names.filter((n) => n !== 'kube-root-ca.crt').sort()).toEqual(['first', 'second']);
  });

  it('resumes from the last resourceVersion when the server ends the stream: nothing lost, nothing twice', async () => {
    const ns = await namespace('resume');
    // The server ends every watch request after a second, so the changes below span several.
    const shortLived = new Kube(await connect({ kubeconfig: KUBECONFIG }), {
      ...DEFAULT_WATCH_TIMING,
      serverTimeoutSeconds: 1,
    });
    const controller = new AbortController();
    const events: WatchEvent[] = [];
    const watching = (async () => {
      for await (const event of shortLived.watch(
        'v1',
        'ConfigMap',
        ns,
        'step',
        controller.signal,
      )) {
        events.push(event);
        if (event.type === 'DELETED') return;
      }
    })();
    for (let i = 0; i < 4; i++) {
      await new Promise((resolve) => setTimeout(resolve, 700));
      await kube.apply(
        [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'counter', namespace: ns, labels: { step: String(i) } },
            data: { i: String(i) },
          },
        ],
        ns,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await kube.deleteCollection(ns, [{ apiVersion: 'v1', kind: 'ConfigMap' }], 'step');
    await watching;
    controller.abort();
    const summary = events.map((e) =>
      e.type === 'ERROR'
        ? `ERROR ${e.error.message}`
        : `${e.type} ${(e.object.data as { i: string }).i}`,
    );
    expect(summary).toEqual(['ADDED 0', 'MODIFIED 1', 'MODIFIED 2', 'MODIFIED 3', 'DELETED 3']);
  });
});
