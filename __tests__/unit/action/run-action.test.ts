import type { RunResult } from '../../../src/core/results/model.js';
import type { Reporter, RunStart } from '../../../src/ports/reporter.js';
import type { ActionSettings } from '../../../src/app/action/action-settings.js';
import {
  runAction,
  type ActionDeps,
  type EngineOutcome,
} from '../../../src/app/action/run-action.js';
import { runPost } from '../../../src/app/action/run-post.js';
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
  options: { finishInEngine?: boolean; throws?: Error; secret?: string } = {},
) {
  const rec = recordingReporter();
  const seen: { settings?: ActionSettings; secretsBeforeRun?: string[] } = {};
  const d: ActionDeps = {
    runtime,
    engine: {
      run: async (settings, sinks) => {
        seen.settings = settings;
        seen.secretsBeforeRun = [...runtime.secrets];
        if (options.secret) sinks.secret(options.secret);
        if (options.throws) throw options.throws;
        const outcomes: EngineOutcome[] = [];
        for (const result of results) {
          const report = await sinks.reporter.start(result);
          if (options.finishInEngine) await report.finish(result);
          outcomes.push({ result, resultsFile: `/out/${result.workflow}/results.json` });
        }
        return outcomes;
      },
    },
    createReporter: () => rec.reporter,
    clusterSecrets: async (settings) => {
      if (settings.kubeconfig === 'broken') {
        throw new Error('kubeconfig: kubeconfig input is neither a file, YAML nor base64 YAML');
      }
      return settings.kubeconfig ? ['tok-abcdefgh'] : [];
    },
    readResults: async () => [],
    renderJobSummary: (run, { maxBytes }) => `## ${run.workflow} (${maxBytes})`,
  };
  return { deps: d, rec, seen };
}

describe('runAction', () => {
  it('masks credentials before the engine runs, reports every run once, and sets outputs', async () => {
    const runtime = fakeRuntime({ kubeconfig, 'github-token': 'ghp_secretpat' });
    const results = [
      runResult({ workflow: 'a', runId: 'ra' }),
      runResult({ workflow: 'b', runId: 'rb', cases: ['passed'] }),
    ];
    const { deps: d, rec, seen } = deps(runtime, results, { secret: 's3nsitive' });
    await runAction(d);

    expect(seen.secretsBeforeRun).toEqual(
      expect.arrayContaining(['tok-abcdefgh', 'ghp_secretpat']),
    );
    expect(runtime.secrets).toContain('s3nsitive');
    expect(seen.settings!.kubeconfig).toBe(kubeconfig.trim());
    expect(rec.finished.map((r) => r.workflow)).toEqual(['a', 'b']);
    expect(runtime.outputs).toMatchObject({
      result: 'failed',
      total: '5',
      'check-run-url': 'https://github.com/acme/shop/runs/1\nhttps://github.com/acme/shop/runs/2',
      'results-file': '/out/a/results.json\n/out/b/results.json',
    });
    expect(runtime.summary).toEqual(['## a (524287)\n\n## b (524287)']);
    expect(runtime.state).toEqual({ 'run-ids': '["ra","rb"]', cleaned: 'true' });
    expect(runtime.failed).toEqual(["Workflow 'a' failed: 1 of 4 tests failed."]);
  });

  it('does not finish a report twice when the engine finished it', async () => {
    const runtime = fakeRuntime();
    const { deps: d, rec } = deps(runtime, [runResult({ cases: ['passed'] })], {
      finishInEngine: true,
    });
    await runAction(d);
    expect(rec.finished).toHaveLength(1);
    expect(runtime.outputs['check-run-url']).toBe('https://github.com/acme/shop/runs/1');
    expect(runtime.failed).toEqual([]);
  });

  it('writes no job summary when summary is false', async () => {
    const runtime = fakeRuntime({ summary: 'false' });
    await runAction(deps(runtime, [runResult()]).deps);
    expect(runtime.summary).toEqual([]);
  });

  it('fails the step with the input error, before running anything', async () => {
    const runtime = fakeRuntime({ comment: 'loud' });
    const { deps: d, seen } = deps(runtime, [runResult()]);
    await runAction(d);
    expect(seen.settings).toBeUndefined();
    expect(runtime.failed).toEqual([
      "Input 'comment': 'loud' is not allowed. Expected one of: always, failures, changes, off.",
    ]);
  });

  it('fails the step when the kubeconfig cannot be read, before running anything', async () => {
    const runtime = fakeRuntime({ kubeconfig: 'broken' });
    const { deps: d, seen } = deps(runtime, [runResult()]);
    await runAction(d);
    expect(seen.settings).toBeUndefined();
    expect(runtime.failed).toEqual([
      'kubeconfig: kubeconfig input is neither a file, YAML nor base64 YAML',
    ]);
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
  const cleanup = () => {
    const calls: string[][] = [];
    return {
      calls,
      fn: {
        cleanup: async (ids: string[]) => void calls.push(ids),
        clusterSecrets: async () => ['tok-abcdefgh'],
      },
    };
  };

  it('cleans up the runs the main step started but did not finish', async () => {
    const runtime = fakeRuntime({ kubeconfig }, {}, { 'run-ids': '["ra","rb"]' });
    const c = cleanup();
    await runPost(runtime, c.fn);
    expect(c.calls).toEqual([['ra', 'rb']]);
    expect(runtime.secrets).toContain('tok-abcdefgh');
  });

  it('does nothing after a main step that cleaned up, or that started no run', async () => {
    const c = cleanup();
    await runPost(fakeRuntime({}, {}, { 'run-ids': '["ra"]', cleaned: 'true' }), c.fn);
    await runPost(fakeRuntime(), c.fn);
    expect(c.calls).toEqual([]);
  });

  it('keeps the namespace when asked to', async () => {
    const c = cleanup();
    await runPost(
      fakeRuntime({ 'keep-namespace': 'on-failure' }, {}, { 'run-ids': '["ra"]' }),
      c.fn,
    );
    expect(c.calls).toEqual([]);
  });

  it('only warns when cleanup fails', async () => {
    const runtime = fakeRuntime({}, {}, { 'run-ids': '["ra"]' });
    await runPost(runtime, {
      cleanup: async () => {
        throw new Error('the API server is unreachable');
      },
      clusterSecrets: async () => [],
    });
    expect(runtime.failed).toEqual([]);
    expect(runtime.warnings()).toEqual([
      'Cleanup after the run did not complete: the API server is unreachable. Run `shakedown cleanup --run-id <id>` against the cluster to remove what is left.',
    ]);
  });
});
