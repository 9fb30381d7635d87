import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientNodeKube } from '../../../src/adapters/kubernetes/index.js';
import type { KubeObject } from '../../../src/ports/kube.js';
import { adminKube, describeCluster, namespaces, pod } from './cluster.js';

/** Resolves once the pod is Running (through the adapter's own watch). */
async function running(kube: ClientNodeKube, ns: string, name: string): Promise<void> {
  const controller = new AbortController();
  for await (const event of kube.watch('v1', 'Pod', ns, undefined, controller.signal)) {
    if (event.type === 'ERROR') throw event.error;
    const phase = (event.object.status as { phase?: string } | undefined)?.phase;
    if (event.object.metadata.name === name && phase === 'Running') return controller.abort();
  }
}

function tarOf(files: Record<string, string>): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'sd-tar-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return execFileSync('tar', ['-cf', '-', '-C', dir, '.']);
}

describeCluster('Kubernetes adapter: exec, logs and events (real cluster)', () => {
  let kube: ClientNodeKube;
  beforeAll(async () => {
    kube = await adminKube();
  });
  const namespace = namespaces(() => kube);

  it('pipes a tar into a pod, reads a file back, and reports exit codes and stderr', async () => {
    const ns = await namespace('exec');
    await kube.create(pod(ns, 'box', 'sleep 3600'));
    await running(kube, ns, 'box');
    const payload = 'hello from the runner\n'.repeat(20_000); // ~440 kB: several stdin pieces
    const tar = tarOf({ 'data/hello.txt': payload, 'data/nested/b.txt': 'b' });
    const unpack = await kube.exec(ns, 'box', 'main', ['tar', '-xf', '-', '-C', '/tmp'], tar);
    expect(unpack).toMatchObject({ exitCode: 0, stderr: '' });
    const read = await kube.exec(ns, 'box', 'main', ['cat', '/tmp/data/hello.txt']);
    expect(read.exitCode).toBe(0);
    expect(Buffer.isBuffer(read.stdout)).toBe(true);
    expect(read.stdout.toString('utf8')).toBe(payload);
    const failing = await kube.exec(ns, 'box', 'main', ['sh', '-c', 'echo oops >&2; exit 3']);
    expect(failing).toMatchObject({ exitCode: 3, stderr: 'oops\n' });
    await expect(kube.exec(ns, 'box', 'nope', ['true'])).rejects.toMatchObject({ kind: 'Invalid' });
  });

  it('ends a hung exec at its timeout or its signal, and one whose output passes its bound', async () => {
    const ns = await namespace('exec-bounds');
    await kube.create(pod(ns, 'box', 'sleep 3600'));
    await running(kube, ns, 'box');
    let started = Date.now();
    await expect(
      kube.exec(ns, 'box', 'main', ['sleep', '600'], undefined, { timeoutMs: 1500 }),
    ).rejects.toMatchObject({
      kind: 'Timeout',
      message: expect.stringMatching(/no exit status within 1\.5 s/),
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1000);
    started = Date.now();
    await expect(
      kube.exec(ns, 'box', 'main', ['sleep', '600'], undefined, { signal: controller.signal }),
    ).rejects.toMatchObject({
      kind: 'Timeout',
      message: expect.stringContaining('stopped (the run was cancelled'),
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(
      kube.exec(ns, 'box', 'main', ['head', '-c', '5000000', '/dev/zero'], undefined, {
        maxStdoutBytes: 100_000,
      }),
    ).rejects.toMatchObject({
      kind: 'Invalid',
      message: expect.stringContaining('larger than 100000 bytes'),
    });
    // The pod is still usable afterwards.
    expect((await kube.exec(ns, 'box', 'main', ['echo', 'ok'])).stdout.toString()).toBe('ok\n');
  });

  it('follows a log from before the container starts to its last line', async () => {
    const ns = await namespace('logs');
    const script = 'for i in 1 2 3 4 5; do echo "line $i"; sleep 0.4; done; printf "no newline"';
    await kube.create(pod(ns, 'talker', script));
    let text = '';
    const controller = new AbortController();
    // Called at once: the container has not been created yet.
    await kube.followLogs(ns, 'talker', 'main', (chunk) => (text += chunk), controller.signal);
    expect(text).toBe('line 1\nline 2\nline 3\nline 4\nline 5\nno newline');
  });

  it('stops following when the signal aborts', async () => {
    const ns = await namespace('logabort');
    await kube.create(pod(ns, 'forever', 'while true; do echo tick; sleep 0.2; done'));
    const controller = new AbortController();
    let ticks = 0;
    const following = kube.followLogs(ns, 'forever', 'main', () => ticks++, controller.signal);
    while (ticks < 3) await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    await following;
    const after = ticks;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(ticks).toBe(after);
  });

  it('lists the events that explain a pod that cannot start', async () => {
    const ns = await namespace('events');
    const broken: KubeObject = pod(ns, 'broken', 'true');
    (broken.spec as { containers: { image: string }[] }).containers[0].image =
      'shakedown.invalid/absent:1';
    await kube.create(broken);
    const controller = new AbortController();
    for await (const event of kube.watch('v1', 'Pod', ns, undefined, controller.signal)) {
      if (event.type === 'ERROR') throw event.error;
      const statuses = (
        event.object.status as {
          containerStatuses?: { state?: { waiting?: { reason?: string } } }[];
        }
      )?.containerStatuses;
      if (statuses?.[0]?.state?.waiting?.reason === 'ErrImageNeverPull') controller.abort();
    }
    const events = await kube.events(ns, 'broken');
    expect(events.map((e) => e.reason)).toContain('Scheduled');
    expect(
      events.some((e) => e.type === 'Warning' && /ErrImageNeverPull/.test(e.reason + e.message)),
    ).toBe(true);
  });
});
