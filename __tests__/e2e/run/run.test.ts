// `shakedown run` end to end: the bundled CLI, the example workflows of examples/e2e and the
// real local cluster. Each test checks the exit code, results.json (against the shipped
// schema), junit.xml, logs and artifacts, and that nothing of the run is left in the cluster.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { dirname, join } from 'node:path';
import type { KubePort } from '../../../src/ports/kube.js';
import { cli, clusterOrFail, EXAMPLES, leftovers, runCli } from './run-cli.js';

let kube: KubePort;
let kubeconfig: string;

beforeAll(async () => {
  ({ kube, kubeconfig } = await clusterOrFail());
});

const example = (name: string) => join(EXAMPLES, name);

describe('shakedown run (bundled CLI, real cluster)', () => {
  it('tests a web app from --manifests and a redis service by name, with JUnit', async () => {
    const run = await runCli([
      example('web-and-redis.yaml'),
      '--manifests',
      example('manifests/web.json'),
    ]);
    expect(run.stderr).toContain('✔ manifests ready');
    expect(run.code).toBe(0);
    const results = run.results();
    expect(results).toMatchObject({
      status: 'passed',
      workflow: 'web-and-redis',
      runId: run.runId,
    });
    expect(results.services).toEqual([
      expect.objectContaining({ name: 'redis', status: 'ready', ip: expect.any(String) }),
    ]);
    const step = results.steps[0]!;
    expect(step).toMatchObject({
      status: 'passed',
      exitCode: 0,
      attempts: 1,
      logFile: 'logs/call_web_and_redis.log',
    });
    expect(step.artifacts).toEqual(['artifacts/call_web_and_redis/junit.xml']);
    expect(step.suites[0]!.cases.map((c) => [c.name, c.status])).toEqual([
      ['web answers by name', 'passed'],
      ['redis answers by name', 'passed'],
      ['redis answers by IP', 'passed'],
    ]);
    expect(results.tests).toEqual({ total: 3, passed: 3, failed: 0, skipped: 0, errors: 0 });
    expect(run.file('junit.xml')).toContain('redis answers by name');
    expect(run.file('artifacts/call_web_and_redis/junit.xml')).toContain(
      '<testsuite name="web-and-redis"',
    );
    expect(run.file('logs/call_web_and_redis.log')).toContain(
      '<testcase classname="e2e" name="web answers by name"/>',
    );
    expect(run.file('logs/services/redis-0.log')).toMatch(/Ready to accept connections/);
    expect(JSON.parse(run.file('ctrf.json')).results.summary.tests).toBe(3);
    expect(await leftovers(kube, run.runId)).toEqual([]);
  });

  it('runs a sharded suite as parallel workers and reports the one failing case', async () => {
    const run = await runCli([example('sharded.yaml')]);
    expect(run.code).toBe(1);
    const results = run.results();
    expect(results.status).toBe('failed');
    const suite = results.steps[0]!;
    expect(suite.status).toBe('failed');
    expect(suite.workers!.map((w) => [w.index, w.status, w.shard.cases])).toEqual([
      [0, 'passed', ['alpha', 'beta']],
      [1, 'failed', ['gamma', 'delta']],
      [2, 'passed', ['epsilon', 'zeta']],
    ]);
    expect(results.tests).toMatchObject({ total: 6, passed: 5, failed: 1 });
    const failing = suite.workers![1]!.steps[0]!;
    expect(failing.artifacts).toHaveLength(1);
    expect(run.file(failing.artifacts[0]!)).toContain('delta is broken');
    expect(run.file(failing.logFile!)).toContain('running delta on shard 2 of 3');
    expect(run.file('junit.xml')).toContain('delta is broken');
    expect(run.stderr).toMatch(/\[Suite #2\] running gamma on shard 2 of 3/);
    expect(await leftovers(kube, run.runId)).toEqual([]);
  });

  it('follows optional, negative, retry, always and failed semantics', async () => {
    const run = await runCli([example('conditions.yaml')]);
    expect(run.code).toBe(1);
    const results = run.results();
    expect(results.status).toBe('failed');
    expect(results.steps.map((s) => [s.name, s.status, s.exitCode, s.attempts])).toEqual([
      ['optional failure', 'failed', 3, 1],
      ['expected failure', 'passed', 1, 1],
      ['flaky', 'passed', 0, 2],
      ['required failure', 'failed', 2, 1],
      ['skipped after failure', 'skipped', undefined, 0],
      ['always report', 'passed', 0, 1],
      ['on failure only', 'passed', 0, 1],
    ]);
    expect(results.steps[0]!.optional).toBe(true);
    expect(results.steps[4]!.reason).toBe('ConditionFalse');
    expect(run.file('logs/flaky.log')).toBe('attempt 1\n--- attempt 2 ---\nattempt 2\n');
    expect(run.file('logs/always_report.log')).toBe('cleaning up after 2 attempts\n');
    expect(run.has('logs/skipped_after_failure.log')).toBe(false);
    expect(await leftovers(kube, run.runId)).toEqual([]);
  });

  it('places content files, shares /data and runs exec-form commands', async () => {
    const run = await runCli([
      example('files-and-data.yaml'),
      '--config',
      'who=e2e',
      '--upload',
      'examples/e2e/manifests',
    ]);
    expect(run.code).toBe(0);
    expect(run.file('logs/uploaded_files.log')).toBe('web.json\n');
    expect(run.file('logs/read_the_files.log')).toBe('hello e2e\nmode=e2e\n');
    expect(run.file('logs/exec_form.log')).toBe('hello e2e\n');
    expect(await leftovers(kube, run.runId)).toEqual([]);
  });

  it('clones content.git in the cluster (only the listed paths) before the steps', async () => {
    const run = await runCli([example('git-content.yaml')]);
    expect(run.code).toBe(0);
    expect(run.file('logs/run_tests_from_the_clone.log')).toBe('tests\ntests from git\n');
    expect(await leftovers(kube, run.runId)).toEqual([]);
  });

  it('runs a command in an image without a shell (non-root) and stops it at its timeout', async () => {
    const run = await runCli([example('no-shell.yaml')]);
    expect(run.code).toBe(0);
    const results = run.results();
    expect(results.status).toBe('passed');
    expect(results.steps.map((s) => [s.name, s.status, s.reason, s.optional])).toEqual([
      ['image without a shell', 'timed_out', 'Timeout', true],
      ['afterwards', 'passed', undefined, false],
    ]);
    expect(results.steps[0]!.durationMs).toBeGreaterThanOrEqual(3000);
    expect(results.steps[0]!.durationMs).toBeLessThan(10_000);
    expect(await leftovers(kube, run.runId)).toEqual([]);
  });

  it('fails with the reason when a service never becomes ready', async () => {
    const run = await runCli([example('service-never-ready.yaml')]);
    expect(run.code).toBe(2);
    const results = run.results();
    expect(results.status).toBe('error');
    expect(results.services[0]).toMatchObject({
      name: 'stuck',
      status: 'timed_out',
      reason: 'NotReady',
    });
    expect(results.error?.message).toMatch(
      /service stuck-0 did not become ready within 8\.0s: Unhealthy: Readiness probe failed: not yet/,
    );
    expect(results.steps[0]).toMatchObject({
      status: 'cancelled',
      reason: 'NotReached',
      attempts: 0,
    });
    expect(run.file('logs/services/stuck-0.log')).toContain('starting, but never ready');
    expect(await leftovers(kube, run.runId)).toEqual([]);
  });

  it('fails fast on a missing image, naming the step', async () => {
    const started = Date.now();
    const run = await runCli([example('missing-image.yaml')]);
    expect(run.code).toBe(2);
    expect(Date.now() - started).toBeLessThan(90_000);
    const results = run.results();
    expect(results.status).toBe('error');
    expect(results.steps.map((s) => [s.name, s.status, s.reason])).toEqual([
      ['works', 'passed', undefined],
      ['no such image', 'error', 'ErrImageNeverPull'],
    ]);
    expect(results.error?.message).toContain('shakedown-no-such-image');
    expect(await leftovers(kube, run.runId)).toEqual([]);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'on %s cancels the running step and removes everything within 30 s',
    async (signal) => {
      let signalled = 0;
      const run = await runCli([example('long-running.yaml')], {
        onLine: (line) => {
          if (line.includes('[sleeps] started') && !signalled) {
            signalled = Date.now();
            return signal;
          }
          return undefined;
        },
      });
      expect(signalled).toBeGreaterThan(0);
      expect(Date.now() - signalled).toBeLessThan(30_000);
      expect(run.code).toBe(2);
      const results = run.results();
      expect(results.status).toBe('cancelled');
      expect(results.steps[0]).toMatchObject({ status: 'cancelled', attempts: 1 });
      expect(run.file('logs/sleeps.log')).toContain('started');
      expect(await leftovers(kube, run.runId)).toEqual([]);
    },
  );

  it('stops at --timeout with timed_out', async () => {
    const run = await runCli([example('long-running.yaml'), '--timeout', '20s']);
    expect(run.code).toBe(1);
    const results = run.results();
    expect(results.status).toBe('timed_out');
    expect(results.steps[0]!.status).toBe('timed_out');
    expect(await leftovers(kube, run.runId)).toEqual([]);
  });

  it('passes pod fields through to the created pod, templates resolved, tags as labels', async () => {
    const run = await runCli([example('pod-settings.yaml'), '--keep-namespace', 'always']);
    const namespace = `pod-settings-${run.runId}`;
    try {
      expect(
        run.stderr.match(/ℹ .*spec\.events: triggers \(cron '0 3 \* \* \*'\) are ignored/g),
      ).toHaveLength(1);
      expect(run.code).toBe(0);
      const results = run.results();
      expect(results.tags).toEqual({ suite: 'smoke' });
      const pod = await kube.get('v1', 'Pod', namespace, `sd-${run.runId}-workflow`);
      expect(pod?.metadata.labels).toMatchObject({
        group: `g-${run.runId}`,
        suite: 'smoke',
        'from-job': 'yes',
      });
      expect(
        (pod?.spec as { topologySpreadConstraints?: unknown }).topologySpreadConstraints,
      ).toEqual([
        {
          maxSkew: 1,
          topologyKey: 'kubernetes.io/hostname',
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { matchLabels: { group: `g-${run.runId}` } },
        },
      ]);
    } finally {
      await kube.deleteNamespace(namespace, 60_000);
    }
  });

  it('refuses pod fields the cluster rejects in a dry run, before any pod exists', async () => {
    const run = await runCli([example('invalid-pod-settings.yaml'), '--keep-namespace', 'always']);
    const namespace = `invalid-pod-settings-${run.runId}`;
    try {
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /the cluster refused the pod settings \(server-side dry run, nothing was created\):\nspec\.pod: .*spec\.pod\.topologySpreadConstraints\[0\]\.maxSkew: Invalid value: 0/,
      );
      const results = run.results();
      expect(results.status).toBe('error');
      expect(results.error?.message).toContain('spec.pod.topologySpreadConstraints[0].maxSkew');
      expect(results.steps[0]!.status).toBe('cancelled');
      expect(await leftovers(kube, run.runId, namespace)).toEqual([`namespace ${namespace}`]);
    } finally {
      await kube.deleteNamespace(namespace, 60_000);
    }
  });

  it('keeps the namespace when asked to, and shakedown cleanup removes it', async () => {
    const run = await runCli([example('files-and-data.yaml'), '--keep-namespace', 'always']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`remove with: shakedown cleanup --run-id ${run.runId}`);
    expect(await leftovers(kube, run.runId)).toEqual([`namespace files-and-data-${run.runId}`]);
    const cleanup = await cli(['cleanup', '--run-id', run.runId]);
    expect(cleanup).toEqual({
      code: 0,
      stderr: `run ${run.runId}: removed namespace files-and-data-${run.runId}\n`,
    });
    expect(await leftovers(kube, run.runId)).toEqual([]);
  });

  it('with namespace-only rights: refuses a fresh namespace, runs in the granted one', async () => {
    const restricted = join(dirname(kubeconfig), 'restricted.kubeconfig');
    const refused = await runCli([example('files-and-data.yaml'), '--kubeconfig', restricted]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('create namespaces (cluster-wide)');
    expect(refused.stderr).toMatch(
      /kind: ClusterRole\n[\s\S]*?resources: \[namespaces\]\n {4}verbs: \[get, list, watch, create, delete\]/,
    );
    expect(refused.has('results.json')).toBe(false);

    const run = await runCli([
      example('files-and-data.yaml'),
      '--kubeconfig',
      restricted,
      '--namespace',
      'shakedown-restricted',
    ]);
    expect(run.code).toBe(0);
    expect(run.results().namespace).toBe('shakedown-restricted');
    expect(await leftovers(kube, run.runId, 'shakedown-restricted')).toEqual([]);
  });
});
