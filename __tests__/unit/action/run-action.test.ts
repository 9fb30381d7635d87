import type { RunResult } from '../../../src/core/results/model.js';
import type { Reporter, RunStart } from '../../../src/ports/reporter.js';
import type { ActionSettings } from '../../../src/app/action/action-settings.js';
import { runAction, type ActionDeps } from '../../../src/app/action/run-action.js';
import type { WorkflowRunRequest } from '../../../src/app/ci/workflow-run.js';
import { runPost, type PostDeps } from '../../../src/app/action/run-post.js';
import type { KubePort } from '../../../src/ports/kube.js';
import { fakeRuntime, type FakeRuntime } from './fake-runtime.js';
import { runResult } from './run-fixtures.js';

const kubeconfig = `apiVersion: v1
clusters: [{ name: c, cluster: { server: 'https://10.0.0.1' } }]
users: [{ name: u, user: { token: tok-abcdefgh } }]
contexts: [{ name: c, context: { cluster: c, user: u } }]
`;

/** A reporter that records what it was asked to post. */
function recordingReporter() {
  const started: RunStart[] = [];
  const finished: RunResult[] = [];
  const reporter: Reporter = {
    start: async (run) => {
      const n = started.push(run);
      return {
        finish: async (result) => {
          finished.push(result);
          return { checkUrl: `https://github.com/acme/shop/runs/${n}` };
        },
      };
    },
  };
  return { reporter, started, finished };
}

function deps(
  runtime: FakeRuntime,
  results: RunResult[],
  options: { throws?: Error; sensitive?: string[] } = {},
) {
  const rec = recordingReporter();
  const seen: {
    settings?: ActionSettings;
    secretsBeforeRun?: string[];
    requests: WorkflowRunRequest[];
  } = {
    requests: [],
  };
  let ids = 0;
  const d: ActionDeps = {
    runtime,
    createEngine: () => ({
      select: async (settings) => {
        seen.settings = settings;
        if (options.throws) throw options.throws;
        return results.map((r) => r.workflow);
      },
      run: async (_settings, request) => {
        seen.secretsBeforeRun ??= [...runtime.secrets];
        seen.requests.push(request);
        const result = results.find((r) => r.workflow === request.workflow)!;
        return { result: { ...result, runId: request.runId } };
      },
    }),
    createReporter: () => rec.reporter,
    clusterSecrets: async (settings) => {
      if (settings.kubeconfig === 'broken') {
        throw new Error('kubeconfig: kubeconfig input is neither a file, YAML nor base64 YAML');
      }
      return settings.kubeconfig ? ['tok-abcdefgh'] : [];
    },
    sensitiveValues: async () => options.sensitive ?? [],
    readResults: async () => [],
    renderJobSummary: (run, { maxBytes }) => `## ${run.workflow} (${maxBytes})`,
    newRunId: () => `run${++ids}`,
    now: () => Date.parse('2025-06-02T10:00:00Z'),
  };
  return { deps: d, rec, seen };
}

describe('runAction', () => {
  it('masks credentials and sensitive values before the engine runs, reports each run, sets outputs', async () => {
    const runtime = fakeRuntime({
      kubeconfig,
      'github-token': 'ghp_secretpat',
      'working-directory': 'svc',
    });
    const results = [
      runResult({ workflow: 'a' }),
      runResult({ workflow: 'b c', cases: ['passed'] }),
    ];
    const { deps: d, rec, seen } = deps(runtime, results, { sensitive: ['s3nsitive-value'] });
    await runAction(d);

    expect(seen.secretsBeforeRun).toEqual(
      expect.arrayContaining(['tok-abcdefgh', 'ghp_secretpat', 's3nsitive-value']),
    );
    expect(seen.settings!.kubeconfig).toBe(kubeconfig.trim());
    expect(seen.requests).toEqual([
      { workflow: 'a', runId: 'run1', resultsDir: 'shakedown-results/a' },
      { workflow: 'b c', runId: 'run2', resultsDir: 'shakedown-results/b_c' },
    ]);
    expect(rec.started.map((r) => [r.runId, r.workflow, r.startedAt])).toEqual([
      ['run1', 'a', '2025-06-02T10:00:00.000Z'],
      ['run2', 'b c', '2025-06-02T10:00:00.000Z'],
    ]);
    expect(rec.finished.map((r) => r.runId)).toEqual(['run1', 'run2']);
    expect(runtime.outputs).toMatchObject({
      result: 'failed',
      total: '5',
      'check-run-url': 'https://github.com/acme/shop/runs/1\nhttps://github.com/acme/shop/runs/2',
      'results-file':
        '/work/repo/svc/shakedown-results/a/results.json\n/work/repo/svc/shakedown-results/b_c/results.json',
      'junit-file':
        '/work/repo/svc/shakedown-results/a/junit.xml\n/work/repo/svc/shakedown-results/b_c/junit.xml',
    });
    expect(runtime.summary).toEqual(['## a (524287)\n\n## b c (524287)']);
    expect(runtime.state).toEqual({ 'run-ids': '["run1","run2"]', cleaned: 'true' });
    expect(runtime.failed).toEqual(["Workflow 'a' failed: 1 of 4 tests failed."]);
  });

  it('saves each run id before the run starts, for the post step', async () => {
    const runtime = fakeRuntime();
    const { deps: d } = deps(runtime, [runResult({ workflow: 'a' })]);
    const engine = d.createEngine;
    d.createEngine = (settings) => {
      const inner = engine(settings);
      return {
        ...inner,
        run: async (_settings, request) => {
          expect(runtime.state['run-ids']).toBe(JSON.stringify([request.runId]));
          throw new Error('killed');
        },
      };
    };
    await runAction(d);
    expect(runtime.state).toEqual({ 'run-ids': '["run1"]' });
    expect(runtime.failed).toEqual(['killed']);
  });

  it('starts no further workflow once a run was cancelled', async () => {
    const runtime = fakeRuntime();
    const results = [
      runResult({ workflow: 'a', status: 'cancelled' }),
      runResult({ workflow: 'b' }),
    ];
    const { deps: d, seen } = deps(runtime, results);
    await runAction(d);
    expect(seen.requests.map((r) => r.workflow)).toEqual(['a']);
    expect(runtime.failed).toEqual(["Workflow 'a' cancelled: 1 of 4 tests failed."]);
  });

  it('writes no job summary when summary is false', async () => {
    const runtime = fakeRuntime({ summary: 'false' });
    await runAction(deps(runtime, [runResult()]).deps);
    expect(runtime.summary).toEqual([]);
  });

  it.each([
    [
      { comment: 'loud' },
      "Input 'comment': 'loud' is not allowed. Expected one of: always, failures, changes, off.",
    ],
    [
      { kubeconfig: 'broken' },
      'kubeconfig: kubeconfig input is neither a file, YAML nor base64 YAML',
    ],
  ])('fails the step before running anything when %j', async (inputs, message) => {
    const runtime = fakeRuntime(inputs);
    const { deps: d, seen } = deps(runtime, [runResult()]);
    await runAction(d);
    expect(seen.settings).toBeUndefined();
    expect(runtime.failed).toEqual([message]);
  });

  it('fails the step with the engine error, leaving cleanup to the post step', async () => {
    const runtime = fakeRuntime();
    await runAction(
      deps(runtime, [], { throws: new Error('no access: cannot create namespaces') }).deps,
    );
    expect(runtime.failed).toEqual(['no access: cannot create namespaces']);
    expect(runtime.state.cleaned).toBeUndefined();
  });

  it('names an interruption and its cause', async () => {
    const runtime = fakeRuntime();
    const result = {
      ...runResult({ status: 'timed_out', cases: [] }),
      error: { message: 'the workflow ran longer than 10m' },
    };
    await runAction(deps(runtime, [result]).deps);
    expect(runtime.failed).toEqual([
      "Workflow 'shop-api' timed out (the workflow ran longer than 10m).",
    ]);
  });

  it('report-only mode posts the results it reads, runs nothing and does not fail the step', async () => {
    const runtime = fakeRuntime({ 'results-file': 'downloaded' });
    const { deps: d, rec, seen } = deps(runtime, []);
    const result = runResult({ workflow: 'from-fork' });
    d.readResults = async (paths) => {
      expect(paths).toEqual(['/work/repo/downloaded']);
      return [{ result, resultsFile: '/work/repo/downloaded/results.json' }];
    };
    await runAction(d);
    expect(seen.settings).toBeUndefined();
    expect(rec.started).toEqual([
      {
        runId: 'r1a2b3',
        workflow: 'from-fork',
        startedAt: result.startedAt,
        namespace: result.namespace,
      },
    ]);
    expect(rec.finished).toEqual([result]);
    expect(runtime.outputs.result).toBe('failed');
    expect(runtime.failed).toEqual([]);
  });
});

describe('runPost', () => {
  /** A cluster holding one leftover namespace per run id, recording what is deleted. */
  const cluster = (options: { unreachable?: boolean } = {}) => {
    const deleted: string[] = [];
    const collections: string[] = [];
    const kube = {
      listNamespaces: async (selector: string) => {
        if (options.unreachable) throw new Error('the API server is unreachable');
        const id = /run-id=(\w+)/.exec(selector)![1];
        return [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `sd-flow-${id}` } }];
      },
      deleteNamespace: async (name: string) => void deleted.push(name),
      deleteCollection: async (ns: string, _kinds: unknown, selector: string) =>
        void collections.push(`${ns} ${selector}`),
    } as unknown as KubePort;
    const connected: (string | undefined)[] = [];
    const deps: PostDeps = {
      connect: async (settings) => {
        connected.push(settings.context);
        return kube;
      },
      clusterSecrets: async () => ['tok-abcdefgh'],
    };
    return { deps, deleted, collections, connected };
  };

  it('removes the namespaces of the runs the main step started but did not finish', async () => {
    const runtime = fakeRuntime({ kubeconfig, context: 'ci' }, {}, { 'run-ids': '["ra","rb"]' });
    const c = cluster();
    await runPost(runtime, c.deps);
    expect(c.connected).toEqual(['ci']);
    expect(c.deleted).toEqual(['sd-flow-ra', 'sd-flow-rb']);
    expect(runtime.secrets).toContain('tok-abcdefgh');
    expect(runtime.logs.map((l) => l.message)).toContain('Run ra: removed namespace sd-flow-ra.');
  });

  it('removes only labelled objects in an existing namespace', async () => {
    const c = cluster();
    await runPost(fakeRuntime({ namespace: 'ci-tests' }, {}, { 'run-ids': '["ra"]' }), c.deps);
    expect(c.deleted).toEqual([]);
    expect(c.collections).toEqual([
      'ci-tests app.kubernetes.io/managed-by=shakedown,shakedown.dev/run-id=ra',
    ]);
  });

  it('does nothing after a main step that cleaned up, or that started no run', async () => {
    const c = cluster();
    await runPost(fakeRuntime({}, {}, { 'run-ids': '["ra"]', cleaned: 'true' }), c.deps);
    await runPost(fakeRuntime(), c.deps);
    expect(c.connected).toEqual([]);
  });

  it('keeps the namespace when asked to', async () => {
    const c = cluster();
    await runPost(
      fakeRuntime({ 'keep-namespace': 'on-failure' }, {}, { 'run-ids': '["ra"]' }),
      c.deps,
    );
    expect(c.deleted).toEqual([]);
  });

  it('only warns when cleanup fails', async () => {
    const runtime = fakeRuntime({}, {}, { 'run-ids': '["ra"]' });
    await runPost(runtime, cluster({ unreachable: true }).deps);
    expect(runtime.failed).toEqual([]);
    expect(runtime.warnings()).toEqual([
      'Cleanup after the run did not complete: the API server is unreachable. Run `shakedown cleanup --run-id <id>` against the cluster to remove what is left.',
    ]);
  });
});
