import { describe, expect, it, jest } from '@jest/globals';
import { pack } from 'tar-stream';
import { runPlan, type RunRequest } from '../../../src/app/run/run-plan.js';
import { parseResults } from '../../../src/core/results/index.js';
import { KubeError } from '../../../src/ports/kube.js';
import {
  ImageConfigError,
  type ImageConfig,
  type ImageConfigPort,
  type ResolveOptions,
} from '../../../src/ports/image-config.js';
import { RunError } from '../../../src/app/run/run-context.js';
import { nodeClock } from '../../../src/adapters/system/node-clock.js';
import type { Plan } from '../../../src/core/plan/model.js';
import { FakeKube, type FakeOptions } from './fake-kube.js';
import { MemorySink } from './memory-sink.js';
import { container, plan, service, step } from './plan-fixtures.js';

const JUNIT = `<?xml version="1.0"?><testsuite name="api" tests="2"><testcase name="get" classname="api"/><testcase name="post" classname="api"><failure message="boom">stack</failure></testcase></testsuite>`;

async function run(
  p: Plan,
  options: FakeOptions = {},
  request: Partial<RunRequest> = {},
  images?: ImageConfigPort,
) {
  const kube = new FakeKube(options);
  const sink = new MemorySink();
  const lines: string[] = [];
  const result = await runPlan(
    { kube, clock: nodeClock, sink, log: (line) => lines.push(line), ...(images && { images }) },
    { plan: p, runId: 'abc123', manifests: [], keepNamespace: 'never', ...request },
  );
  // Whatever happened, results.json is what was returned and matches the shipped schema.
  expect(parseResults(sink.text('results.json'))).toEqual(result);
  return { result, kube, sink, lines };
}

const shell = (script: string) => container({ shell: script });

describe('runPlan', () => {
  it('runs steps in one pod, reads outcomes and cleans up', async () => {
    const p = plan([
      step('hello', { container: shell('echo hi') }),
      step('fail', { container: shell('exit 3') }),
    ]);
    const { result, kube, sink, lines } = await run(p, {
      behave: ({ script }) =>
        script === 'exit 3' ? { exitCode: 3, logs: 'bad\n' } : { logs: 'hi\n' },
    });
    expect(result.status).toBe('failed');
    expect(result.namespace).toBe('demo-abc123');
    expect(result.steps.map((s) => [s.id, s.status, s.exitCode, s.attempts])).toEqual([
      ['hello', 'passed', 0, 1],
      ['fail', 'failed', 3, 1],
    ]);
    expect(result.steps[0]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(sink.text('logs/hello.log')).toBe('hi\n');
    expect(sink.text('logs/fail.log')).toBe('bad\n');
    expect(JSON.parse(sink.text('results.json')).status).toBe('failed');
    expect(sink.text('junit.xml')).toContain('<testsuites');
    expect(lines).toContain('[hello] hi');
    expect(kube.calls).toContain('createNamespace demo-abc123');
    expect(kube.deletedNamespaces).toEqual(['demo-abc123']);
    expect(kube.leftovers('abc123')).toEqual([]);
  });

  it("waits for the namespace's service account before the first pod", async () => {
    const { result } = await run(plan([step('x')]), { serviceAccountDelay: 3 });
    expect(result.status).toBe('passed');
  });

  it('retries an exec that failed on the way', async () => {
    const { result, kube } = await run(plan([step('x')]), { execFailures: 2 });
    expect(result.status).toBe('passed');
    expect(kube.execs.length).toBeGreaterThan(2);
  });

  it('gives every step CI=1 and the wrapper, and opens gates in order', async () => {
    const seen: Record<string, string>[] = [];
    await run(
      plan([
        step('a', {
          container: container({ shell: undefined, command: ['node'], args: ['--version'] }),
        }),
      ]),
      {
        behave: ({ env, script }) => {
          seen.push({ ...env, script });
          return {};
        },
      },
    );
    expect(seen).toEqual([{ CI: '1', script: 'node --version' }]);
  });

  it('retries, skips on failure, runs always steps', async () => {
    let tries = 0;
    const p = plan([
      step('flaky', { container: shell('flaky'), retry: { count: 2 } }),
      step('bad', { container: shell('bad') }),
      step('next', { container: shell('next') }),
      step('report', { container: shell('report'), condition: 'always' }),
    ]);
    const { result } = await run(p, {
      behave: ({ script }) =>
        script === 'flaky'
          ? { exitCode: ++tries < 2 ? 1 : 0 }
          : script === 'bad'
            ? { exitCode: 1 }
            : {},
    });
    expect(result.steps.map((s) => [s.id, s.status, s.attempts])).toEqual([
      ['flaky', 'passed', 2],
      ['bad', 'failed', 1],
      ['next', 'skipped', 0],
      ['report', 'passed', 1],
    ]);
    expect(result.steps[2]!.reason).toBe('ConditionFalse');
  });

  it('copies artifacts from /data and from the container, and parses JUnit', async () => {
    const p = plan([
      step('test', {
        container: shell('run tests'),
        artifacts: { paths: ['reports/*.xml', '/app/out/**/*'], workingDir: '/data' },
      }),
    ]);
    const { result, sink } = await run(p, {
      behave: () => ({
        files: {
          '/data/reports/junit.xml': JUNIT,
          '/data/other.txt': 'no',
          '/app/out/deep/log.txt': 'private',
        },
      }),
    });
    const s = result.steps[0]!;
    expect(s.artifacts).toEqual([
      'artifacts/test/app/out/deep/log.txt',
      'artifacts/test/reports/junit.xml',
    ]);
    expect(sink.text('artifacts/test/app/out/deep/log.txt')).toBe('private');
    expect(s.suites[0]!.cases.map((c) => c.status)).toEqual(['passed', 'failed']);
    expect(result.tests).toMatchObject({ total: 2, passed: 1, failed: 1 });
  });

  it('starts services, exposes their IPs to templates and reaches them by name', async () => {
    const p = plan([step('call', { container: shell('wget {{ services.db.0.ip }}') })], {
      services: [service('db')],
    });
    const scripts: string[] = [];
    const { result, kube } = await run(p, { behave: ({ script }) => (scripts.push(script), {}) });
    expect(result.status).toBe('passed');
    expect(result.services).toEqual([
      expect.objectContaining({
        name: 'db',
        instance: 'db-0',
        status: 'ready',
        ip: expect.stringMatching(/^10\.1\.0\./),
      }),
    ]);
    expect(scripts).toEqual([`wget ${result.services[0]!.ip}`]);
    expect(kube.calls).toContain('create Service db');
    expect(result.services[0]!.logFile).toBe('logs/services/db-0.log');
  });

  it('fails fast when a service image is missing, and still cleans up', async () => {
    const p = plan([step('call')], { services: [service('db')] });
    const { result, kube } = await run(p, { missingImages: ['busybox:1.36'] });
    expect(result.status).toBe('error');
    expect(result.error?.reason).toBe('ErrImageNeverPull');
    expect(result.services[0]).toMatchObject({ status: 'failed', reason: 'ErrImageNeverPull' });
    expect(result.steps[0]).toMatchObject({ status: 'cancelled', reason: 'NotReached' });
    expect(kube.leftovers('abc123')).toEqual([]);
  });

  it('times out a service that never becomes ready, naming the probe event', async () => {
    const svc = service('web', { timeoutMs: 50 });
    svc.instances[0]!.container.image = 'slow:1';
    const { result, sink } = await run(plan([step('call')], { services: [svc] }), {
      neverReady: ['slow:1'],
    });
    expect(result.status).toBe('error');
    expect(result.services[0]).toMatchObject({ status: 'timed_out', reason: 'NotReady' });
    expect(result.error?.message).toMatch(/did not become ready.*Readiness probe failed/);
    expect(sink.text('logs/services/web-0.log')).toBe('slow:1 started\n');
    expect(result.services[0]!.logFile).toBe('logs/services/web-0.log');
  });

  it('reports a missing step image as an error of that step', async () => {
    const p = plan([
      step('ok'),
      step('broken', { container: container({ image: 'nope:1' }) }),
      step('after', { condition: 'always' }),
    ]);
    const { result } = await run(p, { missingImages: ['nope:1'] });
    expect(result.status).toBe('error');
    expect(result.steps.map((s) => [s.id, s.status, s.reason])).toEqual([
      ['ok', 'passed', undefined],
      ['broken', 'error', 'ErrImageNeverPull'],
      ['after', 'cancelled', 'NotReached'],
    ]);
  });

  it('runs parallel workers as their own pods and fails the step when one fails', async () => {
    const workers = [0, 1, 2].map((index) => ({
      name: `shard #${index + 1}`,
      index,
      count: 3,
      matrix: {},
      shard: { files: [`f${index}`] },
      services: [],
      steps: [
        step('t', { container: shell(`test f${index}`), artifacts: { paths: ['junit.xml'] } }),
      ],
    }));
    const p = plan([
      step('par', { container: undefined, parallel: { parallelism: 2, failFast: false, workers } }),
    ]);
    const { result, kube, sink } = await run(p, {
      behave: ({ script }) => ({
        exitCode: script === 'test f1' ? 1 : 0,
        files: { '/data/junit.xml': JUNIT },
      }),
    });
    const par = result.steps[0]!;
    expect(par.status).toBe('failed');
    expect(par.workers!.map((w) => [w.index, w.status])).toEqual([
      [0, 'passed'],
      [1, 'failed'],
      [2, 'passed'],
    ]);
    expect(par.workers![1]!.steps[0]!.artifacts).toEqual(['artifacts/par/2/t/junit.xml']);
    expect(sink.text('logs/par/3/t.log')).toBe('');
    expect(result.tests.total).toBe(6);
    expect(kube.calls.filter((c) => c.startsWith('create Pod sd-abc123-par-'))).toHaveLength(3);
  });

  it('cancels the other workers with failFast', async () => {
    const workers = [0, 1, 2, 3].map((index) => ({
      name: `w${index}`,
      index,
      count: 4,
      matrix: {},
      shard: {},
      services: [],
      steps: [step('t', { container: shell(`w${index}`) })],
    }));
    const p = plan([
      step('par', { container: undefined, parallel: { parallelism: 2, failFast: true, workers } }),
    ]);
    const { result } = await run(p, {
      behave: ({ script }) =>
        script === 'w0' ? { exitCode: 1 } : script === 'w1' ? { hang: true } : {},
    });
    const statuses = result.steps[0]!.workers!.map((w) => w.status);
    expect(statuses).toEqual(['failed', 'cancelled', 'cancelled', 'cancelled']);
    expect(result.status).toBe('failed');
  });

  it('stops at the run timeout, marks the running step and cleans up', async () => {
    const p = plan([step('slow', { container: shell('sleep') }), step('never')]);
    const { result, kube } = await run(
      p,
      { behave: ({ script }) => (script === 'sleep' ? { hang: true } : {}) },
      { timeoutMs: 200 },
    );
    expect(result.status).toBe('timed_out');
    expect(result.steps.map((s) => s.status)).toEqual(['timed_out', 'cancelled']);
    expect(kube.leftovers('abc123')).toEqual([]);
  });

  it('uses spec.job.activeDeadlineSeconds as the run timeout when --timeout is not given', async () => {
    const p = plan([step('slow', { container: shell('sleep') })], { activeDeadlineSeconds: 0.2 });
    const { result, kube } = await run(p, { behave: () => ({ hang: true }) });
    expect(result.status).toBe('timed_out');
    const pod = [...kube.objects.values()].find((o) => o.kind === 'Pod');
    expect(pod).toBeUndefined();
    expect(result.error?.message).toBe('the run did not end within its timeout (0.2s)');
  });

  it('ends the run with the reason when pods cannot be watched', async () => {
    const refusal = new KubeError('Forbidden', 'pods is forbidden: cannot watch pods', 403);
    const { result, kube } = await run(plan([step('x')]), { podWatchError: refusal });
    expect(result.status).toBe('error');
    expect(result.error).toEqual({
      reason: 'Forbidden',
      message: 'cannot watch Pod objects: pods is forbidden: cannot watch pods',
    });
    expect(kube.leftovers('abc123')).toEqual([]);
  });

  it('keeps the namespace on failure when asked to', async () => {
    const { kube, lines } = await run(
      plan([step('x', { container: shell('exit 1') })]),
      { behave: () => ({ exitCode: 1 }) },
      { keepNamespace: 'on-failure' },
    );
    expect(kube.deletedNamespaces).toEqual([]);
    expect(lines.join('\n')).toContain('shakedown cleanup --run-id abc123');
  });

  it('in an existing namespace removes only its own labelled objects', async () => {
    const { kube } = await run(plan([step('x')]), {}, { namespace: 'shared' });
    expect(kube.calls).not.toContain('createNamespace shared');
    expect(kube.calls).toContain(
      'deleteCollection shared Pod,Service,ConfigMap app.kubernetes.io/managed-by=shakedown,shakedown.dev/run-id=abc123',
    );
    expect(kube.leftovers('abc123')).toEqual([]);
  });

  it('never deletes a namespace it did not create', async () => {
    const kube = new FakeKube();
    await kube.createNamespace('demo-abc123', {});
    const result = await runPlan(
      { kube, clock: nodeClock, sink: new MemorySink(), log: () => undefined },
      { plan: plan([step('x')]), runId: 'abc123', manifests: [], keepNamespace: 'never' },
    );
    expect(result).toMatchObject({
      status: 'error',
      error: { message: 'namespace demo-abc123 already exists' },
    });
    expect(kube.deletedNamespaces).toEqual([]);
  });

  it('refuses before creating anything when access is missing, naming the rules', async () => {
    // Nor may it bind the run's ClusterRole in the namespace it would create.
    const missing = [
      { verb: 'create', group: '', resource: 'pods', subresource: 'exec' },
      { verb: 'bind', group: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
    ];
    const attempt = run(plan([step('x')]), { missingAccess: missing });
    await expect(attempt).rejects.toThrow(RunError);
    await expect(attempt).rejects.toThrow(
      /may not run in a fresh namespace; missing:\n {2}- bind clusterroles\.rbac\.authorization\.k8s\.io 'shakedown-run' \(cluster-wide\)[\s\S]*kind: ClusterRole\nmetadata:\n {2}name: shakedown-run[\s\S]*resources: \[pods\/exec\][\s\S]*kind: ClusterRoleBinding/,
    );
    await expect(attempt).rejects.not.toThrow(/demo-abc123/);
  });

  describe('steps that run their image entrypoint', () => {
    const k6: ImageConfig = {
      digest: `sha256:${'b'.repeat(64)}`,
      resolvedDigest: `sha256:${'c'.repeat(64)}`,
      entrypoint: ['k6'],
      cmd: ['help'],
      env: [],
      requests: 2,
    };
    class FakeImages implements ImageConfigPort {
      readonly calls: { image: string; options: ResolveOptions }[] = [];
      constructor(private readonly answer: (image: string) => ImageConfig) {}
      async resolve(image: string, options: ResolveOptions): Promise<ImageConfig> {
        this.calls.push({ image, options });
        return this.answer(image);
      }
    }
    const entry = (id: string, over: Parameters<typeof container>[0] = {}) =>
      step(id, { container: container({ image: 'grafana/k6:0.49.0', shell: undefined, ...over }) });

    it('reads each image once and runs Entrypoint + args as Kubernetes would', async () => {
      const images = new FakeImages(() => k6);
      const secret = {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'kubernetes.io/dockerconfigjson',
        metadata: { name: 'regcred' },
        stringData: {
          '.dockerconfigjson': JSON.stringify({
            auths: { 'r.io': { username: 'u', password: 'planted-pw-123' } },
          }),
        },
      };
      const arm = { status: { nodeInfo: { operatingSystem: 'linux', architecture: 'arm64' } } };
      const nodes = [arm, arm].map((n, i) => ({
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: `n${i}` },
        ...n,
      }));
      const seen: string[] = [];
      const p = plan(
        [
          entry('a', { args: ['run', 'test.js'] }),
          entry('b'),
          ...Array.from({ length: 8 }, (_, i) => entry(`c${i}`, { args: ['version'] })),
        ],
        { pod: { imagePullSecrets: [{ name: 'regcred' }] } },
      );
      const create = jest.spyOn(FakeKube.prototype, 'create');
      const { result, lines } = await run(
        p,
        { nodes, behave: ({ script }) => (seen.push(script), {}) },
        { manifests: [secret] },
        images,
      );
      expect(result.status).toBe('passed');
      expect(images.calls).toHaveLength(1);
      expect(images.calls[0]!.image).toBe('grafana/k6:0.49.0');
      expect(images.calls[0]!.options.platform).toEqual({ os: 'linux', architecture: 'arm64' });
      expect(images.calls[0]!.options.credentials).toEqual([
        {
          registry: 'r.io',
          username: 'u',
          password: 'planted-pw-123',
          source: "imagePullSecret 'regcred'",
        },
      ]);
      expect(seen.slice(0, 3)).toEqual(['k6 run test.js', 'k6 help', 'k6 version']);
      expect(lines).toContain(
        `ℹ grafana/k6:0.49.0: runs its entrypoint ["k6","help"] (sha256:cccccccccccc…, 2 registry requests)`,
      );
      expect(lines.join('\n')).not.toContain('planted-pw-123');
      // What runs is what was read: the pod pulls the digest the tag resolved to.
      const pods = create.mock.calls.map(([o]) => o).filter((o) => o.kind === 'Pod');
      create.mockRestore();
      const pulled = pods.flatMap((pod) => {
        const spec = pod.spec as Record<string, { image: string }[] | undefined>;
        return [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c) => c.image);
      });
      expect(pulled).toContain(`grafana/k6:0.49.0@${k6.resolvedDigest}`);
      expect(pulled).not.toContain('grafana/k6:0.49.0');
    });

    it('runs entrypoint steps in parallel workers, with images per matrix value', async () => {
      const images = new FakeImages((image) => ({ ...k6, entrypoint: [image.replace(/:.*/, '')] }));
      const workers = ['a', 'b', 'a'].map((v, index) => ({
        name: `w${index}`,
        index,
        count: 3,
        matrix: { v },
        shard: {},
        services: [],
        steps: [entry('t', { image: 'tool-{{ matrix.v }}:1', args: ['go'] })],
      }));
      const seen: string[] = [];
      const p = plan([
        step('par', {
          container: undefined,
          parallel: { parallelism: 3, failFast: false, workers },
        }),
      ]);
      const { result } = await run(
        p,
        { behave: ({ script }) => (seen.push(script), {}) },
        {},
        images,
      );
      expect(result.status).toBe('passed');
      expect(images.calls.map((c) => c.image).sort()).toEqual(['tool-a:1', 'tool-b:1']);
      expect(seen.sort()).toEqual(['tool-a go', 'tool-a go', 'tool-b go']);
    });

    it('needs no lookup when every step gives its command', async () => {
      const images = new FakeImages(() => k6);
      const { result, kube } = await run(plan([entry('a', { command: ['k6'] })]), {}, {}, images);
      expect(result.status).toBe('passed');
      expect(images.calls).toEqual([]);
      expect(kube.calls).not.toContain('listNodes');
    });

    it('falls back to linux/amd64 when the nodes cannot be read', async () => {
      const images = new FakeImages(() => k6);
      const { lines } = await run(
        plan([entry('a')]),
        { nodes: new KubeError('Forbidden', 'nodes is forbidden') },
        {},
        images,
      );
      expect(images.calls[0]!.options.platform).toEqual({ os: 'linux', architecture: 'amd64' });
      expect(lines).toContain(
        "ℹ cannot read the cluster's nodes (nodes is forbidden); images with several platforms are read for linux/amd64",
      );
    });

    it('refuses before creating anything, in one error naming step, image, registry and status', async () => {
      const images = new FakeImages((image) => {
        if (image === 'grafana/k6:0.49.0') return k6;
        if (image === 'empty:1') return { ...k6, entrypoint: [], cmd: [] };
        throw new ImageConfigError(
          `127.0.0.1:5001 answered 401 for the manifest of ${image}`,
          '127.0.0.1:5001',
          401,
        );
      });
      const p = plan([
        entry('ok'),
        entry('private', { image: '127.0.0.1:5001/app:1' }),
        entry('again', { image: '127.0.0.1:5001/app:1' }),
        entry('empty', { image: 'empty:1' }),
        entry('empty-args', { image: 'empty:1', args: ['/bin/x'] }),
      ]);
      const kube = new FakeKube();
      const attempt = runPlan(
        { kube, clock: nodeClock, sink: new MemorySink(), log: () => {}, images },
        { plan: p, runId: 'abc123', manifests: [], keepNamespace: 'never' },
      );
      await expect(attempt).rejects.toThrow(RunError);
      await expect(attempt).rejects.toThrow(
        [
          "cannot read the entrypoint of image '127.0.0.1:5001/app:1' of spec.steps[private] ('private'), spec.steps[again] ('again') from 127.0.0.1:5001: 127.0.0.1:5001 answered 401 for the manifest of 127.0.0.1:5001/app:1; give run.command (or shell) to run without reading the image",
          "spec.steps[empty] ('empty'): image 'empty:1' has neither ENTRYPOINT nor CMD; give run.command (or shell)",
        ].join('\n'),
      );
      expect(images.calls.map((c) => c.image)).toEqual([
        'grafana/k6:0.49.0',
        '127.0.0.1:5001/app:1',
        'empty:1',
      ]);
      expect(kube.calls.filter((c) => !c.startsWith('listNodes'))).toEqual([]);
    });
  });

  it('clones content.git before the steps and reports a failed clone with its log', async () => {
    const git = { uri: 'https://example.com/x.git', mountPath: '/data/repo' };
    const ok = await run(plan([step('x')], { content: { files: [], git } }));
    expect(ok.result.status).toBe('passed');
    const { result } = await run(plan([step('x')], { content: { files: [], git } }), {
      gitFails: 'fatal: repository not found',
    });
    expect(result.status).toBe('error');
    expect(result.error?.message).toMatch(
      /the workflow pod: ContainerFailed: container 'shakedown-git-0' exited with code 128\n {2}shakedown-git-0: fatal: repository not found/,
    );
    expect(result.steps[0]).toMatchObject({ status: 'cancelled', reason: 'NotReached' });
  });

  it('unpacks the --upload archive into /data before the first step', async () => {
    const archive = pack();
    archive.entry({ name: 'tests/a.txt' }, 'uploaded');
    archive.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of archive) chunks.push(chunk as Buffer);
    const p = plan([step('x', { artifacts: { paths: ['tests/*'] } })]);
    const { result, sink, lines } = await run(p, {}, { upload: Buffer.concat(chunks) });
    expect(result.steps[0]!.artifacts).toEqual(['artifacts/x/tests/a.txt']);
    expect(sink.text('artifacts/x/tests/a.txt')).toBe('uploaded');
    expect(lines).toContain('⇪ unpacked the upload (2 KiB) into /data');
  });

  it('masks sensitive config values in logs', async () => {
    const p = plan([step('x', { container: shell('echo') })], {
      config: { token: 's3cr3t-value' },
      sensitive: ['token'],
    });
    const { sink, lines } = await run(p, { behave: () => ({ logs: 'token=s3cr3t-value\n' }) });
    expect(sink.text('logs/x.log')).toBe('token=***\n');
    expect(lines).toContain('[x] token=***');
  });
});
