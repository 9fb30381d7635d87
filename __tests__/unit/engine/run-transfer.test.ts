// parallel.transfer, parallel.fetch and parallel.paused through the engine with the fake
// cluster: files really travel between the pods' file systems by the exec tar protocol.
import { describe, expect, it } from '@jest/globals';
import { pack } from 'tar-stream';
import { runPlan, type RunRequest } from '../../../src/app/run/run-plan.js';
import { StartBarrier } from '../../../src/app/run/start-barrier.js';
import { Stopped } from '../../../src/app/run/run-context.js';
import { nodeClock } from '../../../src/adapters/system/node-clock.js';
import type { Plan, TransferPlan, WorkerPlan } from '../../../src/core/plan/model.js';
import type { KubeObject } from '../../../src/ports/kube.js';
import { FakeKube, type FakeOptions } from './fake-kube.js';
import { MemorySink } from './memory-sink.js';
import { container, plan, service, step } from './plan-fixtures.js';

/** Keeps every pod it was asked to create, also those removed since. */
class RecordingKube extends FakeKube {
  readonly pods: KubeObject[] = [];
  override async create(object: KubeObject): Promise<KubeObject> {
    if (object.kind === 'Pod') this.pods.push(structuredClone(object));
    return super.create(object);
  }
}

async function run(p: Plan, options: FakeOptions, request: Partial<RunRequest> = {}) {
  const kube = new RecordingKube(options);
  const lines: string[] = [];
  const result = await runPlan(
    { kube, clock: nodeClock, sink: new MemorySink(), log: (line) => lines.push(line) },
    { plan: p, runId: 'abc123', manifests: [], keepNamespace: 'never', ...request },
  );
  return { result, kube, lines };
}

function workers(n: number, extra: (index: number) => Partial<WorkerPlan> = () => ({})) {
  return Array.from({ length: n }, (_, index) => ({
    name: `w${index}`,
    index,
    count: n,
    matrix: {},
    shard: {},
    services: [],
    steps: [step('t', { container: container({ shell: `work ${index}` }) })],
    ...extra(index),
  }));
}

const parallelPlan = (list: WorkerPlan[], paused = false) =>
  plan([
    step('make', { container: container({ shell: 'make' }) }),
    step('par', {
      container: undefined,
      parallel: {
        parallelism: list.length,
        failFast: false,
        workers: list,
        ...(paused && { paused }),
      },
    }),
    step('check', { container: container({ shell: 'check' }) }),
  ]);

describe('parallel.transfer and parallel.fetch', () => {
  it("places the parent's files into every worker and brings each worker's back", async () => {
    const transfer: TransferPlan[] = [{ from: '/data/build', to: '/data/in', files: ['**/*.txt'] }];
    const list = workers(2, () => ({
      transfer,
      fetch: [{ from: '/data/out', to: `/data/results/{{ index }}`, files: ['**/*'] }],
    }));
    const seen: Record<string, string | undefined> = {};
    let checked: string[] = [];
    const { result, kube, lines } = await run(parallelPlan(list), {
      behave: ({ script, files }) => {
        if (script === 'make')
          return {
            files: {
              '/data/build/a.txt': 'A',
              '/data/build/sub/b.txt': 'B',
              '/data/build/c.log': 'no',
            },
          };
        if (script.startsWith('work ')) {
          const i = script.slice(5);
          seen[i] = [...files.keys()]
            .filter((k) => k.startsWith('/data/in/'))
            .sort()
            .join(',');
          return { files: { [`/data/out/r${i}.xml`]: `report ${i}` } };
        }
        checked = [...files.keys()].filter((k) => k.startsWith('/data/results/')).sort();
        return {};
      },
    });
    expect(result.status).toBe('passed');
    expect(seen).toEqual({
      '0': '/data/in/a.txt,/data/in/sub/b.txt',
      '1': '/data/in/a.txt,/data/in/sub/b.txt',
    });
    expect(checked).toEqual(['/data/results/0/r0.xml', '/data/results/1/r1.xml']);
    // The parent's files are archived once, however many workers take them.
    const archives = kube.execs.filter(
      (e) => e.pod === 'sd-abc123-workflow' && e.command.includes('archive'),
    );
    expect(archives).toHaveLength(1);
    expect(archives[0]!.command.slice(0, 3)).toEqual(['/.shakedown/bin/busybox', 'timeout', '600']);
    expect(
      lines.filter((l) => l.includes('⇣ transfer 2 file(s): /data/build → /data/in')),
    ).toHaveLength(2);
  });

  it('mounts a volume where files land on no other volume, and refuses mount: false there', async () => {
    const list = workers(1, () => ({
      transfer: [{ from: 'build', to: '/app', files: ['**/*'] }],
      fetch: [{ from: '/reports', to: '/data/reports', files: ['**/*'] }],
    }));
    const { result, kube } = await run(parallelPlan(list), {});
    expect(result.status).toBe('passed');
    const pod = kube.pods.find((o) => o.metadata.name.startsWith('sd-abc123-par'))!;
    const spec = pod.spec as {
      volumes: { name: string; emptyDir?: object }[];
      initContainers: { name: string; volumeMounts: { name: string; mountPath: string }[] }[];
      containers: { volumeMounts: { name: string; mountPath: string }[] }[];
    };
    expect(spec.volumes.filter((v) => v.name.startsWith('shared-'))).toEqual([
      { name: 'shared-0', emptyDir: {} },
      { name: 'shared-1', emptyDir: {} },
    ]);
    const step = spec.initContainers.find((c) => c.name.endsWith('-t'))!;
    for (const c of [step, spec.containers[0]!]) {
      expect(c.volumeMounts).toEqual(
        expect.arrayContaining([
          { name: 'shared-0', mountPath: '/app' },
          { name: 'shared-1', mountPath: '/reports' },
        ]),
      );
    }
    // A relative `from` starts at /data.
    const read = kube.execs.find((e) => e.command.includes('archive'))!;
    expect(read.command.at(-1)).toBe('data/build');
    const refused = workers(1, () => ({
      transfer: [{ from: '/data/x', to: '/app', files: ['**/*'], mount: false }],
    }));
    const failed = await run(parallelPlan(refused), {});
    expect(failed.result.steps[1]!.workers![0]!.status).toBe('error');
    expect(failed.lines.join('\n')).toContain(
      "spec.steps[par].parallel.transfer[0].to: '/app' is on no volume of the pod, and mount is false",
    );
  });
});

describe('parallel.paused', () => {
  it('opens the first gates only once every running worker is there', async () => {
    const { result, lines } = await run(parallelPlan(workers(3), true), {});
    expect(result.status).toBe('passed');
    const released = lines.findIndex((l) => l.includes('3 paused worker(s) released together'));
    const firstStep = lines.findIndex((l) => /\[par #\d\] ▶ t/.test(l));
    expect(released).toBeGreaterThan(-1);
    expect(firstStep).toBeGreaterThan(released);
  });
});

describe('StartBarrier', () => {
  it('releases when all joined workers arrived, counting those that left', async () => {
    const releases: number[] = [];
    const barrier = new StartBarrier((n) => releases.push(n));
    const never = new AbortController().signal;
    barrier.join();
    barrier.join();
    barrier.join();
    let opened = 0;
    const a = barrier.arrive(never).then(() => opened++);
    const b = barrier.arrive(never).then(() => opened++);
    await Promise.resolve();
    expect(opened).toBe(0);
    barrier.leave(); // the third worker failed before its gate
    await Promise.all([a, b]);
    expect(opened).toBe(2);
    expect(releases).toEqual([2]);
  });

  it('rejects a waiting worker that is stopped and no longer waits for it', async () => {
    const barrier = new StartBarrier();
    const stop = new AbortController();
    barrier.join();
    barrier.join();
    const waiting = barrier.arrive(stop.signal);
    stop.abort(new Stopped({ status: 'cancelled', message: 'failFast' }));
    await expect(waiting).rejects.toBeInstanceOf(Stopped);
  });
});

describe('services.NAME.transfer', () => {
  it('holds the service until files of the workflow pod are in it, then waits for it', async () => {
    const upload = pack();
    upload.entry({ name: 'seed/schema.sql' }, 'create table t;');
    upload.entry({ name: 'seed/notes.md' }, 'not this');
    upload.finalize();
    const chunks: Buffer[] = [];
    for await (const chunk of upload) chunks.push(chunk as Buffer);
    const db = service('db');
    db.instances[0]!.transfer = [
      { from: '/data/seed', to: '/docker-entrypoint-initdb.d', files: ['*.sql'] },
    ];
    const p = plan(
      [step('query', { container: container({ shell: 'query {{ services.db.0.ip }}' }) })],
      {
        services: [db],
      },
    );
    let ran = '';
    const { result, kube, lines } = await run(
      p,
      { behave: ({ script }) => ((ran = script), {}) },
      { upload: Buffer.concat(chunks) },
    );
    expect(result.status).toBe('passed');
    expect(result.services).toEqual([expect.objectContaining({ name: 'db', status: 'ready' })]);
    expect([...kube.services.get('sd-abc123-db-0')!.keys()]).toEqual([
      '/docker-entrypoint-initdb.d/schema.sql',
    ]);
    expect(ran).toMatch(/^query 10\.1\.0\.\d+$/);
    const pod = kube.pods.find((o) => o.metadata.name === 'sd-abc123-db-0')!;
    const spec = pod.spec as {
      initContainers: { name: string }[];
      containers: { volumeMounts: { name: string; mountPath: string }[] }[];
    };
    expect(spec.initContainers.map((c) => c.name)).toEqual(['shakedown-transfer']);
    expect(spec.containers[0]!.volumeMounts).toEqual([
      { name: 'shared-0', mountPath: '/docker-entrypoint-initdb.d' },
    ]);
    const placed = lines.findIndex((l) => l.includes('⇣ service db-0: 1 file(s)'));
    expect(placed).toBeGreaterThan(-1);
    expect(placed).toBeLessThan(lines.findIndex((l) => l.includes('▶ query')));
  });
});
