import { describe, expect, it } from '@jest/globals';
import { accessNeeds } from '../../../src/core/engine/access.js';
import { describeNeed } from '../../../src/core/engine/rbac-message.js';
import {
  archivePaths,
  artifactPatterns,
  matchArtifact,
  privateBases,
} from '../../../src/core/engine/artifacts.js';
import { LineBuffer, masker } from '../../../src/core/engine/log-lines.js';
import { labelManifests, parseManifests, readiness } from '../../../src/core/engine/manifests.js';
import { namespaceName, stepContainerName, workerPodName } from '../../../src/core/engine/names.js';
import { podProblem } from '../../../src/core/engine/pod-status.js';
import { readOutcome } from '../../../src/core/engine/termination.js';
import type { KubeObject } from '../../../src/ports/kube.js';

describe('names', () => {
  it('are DNS labels of at most 63 characters', () => {
    expect(namespaceName('API Tests_v2', 'k3x9q2')).toBe('api-tests-v2-k3x9q2');
    expect(namespaceName('x'.repeat(80), 'k3x9q2').length).toBeLessThanOrEqual(63);
    expect(stepContainerName(3, 'run_tests', 2)).toBe('s3-run-tests-r1');
    expect(stepContainerName(12, 'y'.repeat(90), 1).length).toBeLessThanOrEqual(63);
    expect(workerPodName('k3x9q2', 'e2e', 0)).toBe('sd-k3x9q2-e2e-1');
  });
});

describe('readOutcome', () => {
  it('reads the wrapper message, with the duration from the container clock', () => {
    expect(
      readOutcome({
        exitCode: 0,
        message: '{"exitCode":3,"timedOut":false,"skipped":false,"startCs":100,"endCs":250}',
      }),
    ).toEqual({
      exitCode: 3,
      timedOut: false,
      skipped: false,
      durationMs: 1500,
    });
  });

  it('says so when the wrapper did not report, and names OOMKilled', () => {
    expect(readOutcome({ exitCode: 137, reason: 'OOMKilled' })).toMatchObject({
      exitCode: 137,
      reason: 'OOMKilled',
    });
    expect(readOutcome({ exitCode: 143, reason: 'Error', message: 'garbage' })).toMatchObject({
      reason: 'NoTerminationMessage',
      message: 'the step ended without reporting its outcome (container exit code 143, Error)',
    });
    expect(
      readOutcome({
        exitCode: 0,
        reason: 'OOMKilled',
        message: '{"exitCode":137,"timedOut":false}',
      }).reason,
    ).toBe('OOMKilled');
  });
});

describe('artifacts', () => {
  const patterns = artifactPatterns(
    { paths: ['reports/**/*.xml', '/app/out/log.txt', 'cov'] },
    { image: 'x', env: [], workingDir: '/data/repo' },
  );

  it('resolves paths against the working directory and finds what must be copied privately', () => {
    expect(patterns.map((p) => [p.glob, p.base])).toEqual([
      ['/data/repo/reports/**/*.xml', '/data/repo/reports'],
      ['/app/out/log.txt', '/app/out/log.txt'],
      ['/data/repo/cov', '/data/repo/cov'],
    ]);
    expect(privateBases(patterns)).toEqual(['/app/out/log.txt']);
    expect(archivePaths(patterns, 's1-test')).toEqual([
      '/data/repo/reports',
      '/.shakedown/artifacts/s1-test/app/out/log.txt',
      '/data/repo/cov',
    ]);
  });

  it('matches archive entries back to their place and relative name', () => {
    const m = (entry: string) => matchArtifact(entry, patterns, '/data/repo', 's1-test');
    expect(m('data/repo/reports/a/junit.xml')).toBe('reports/a/junit.xml');
    expect(m('data/repo/reports/notes.txt')).toBeUndefined();
    expect(m('.shakedown/artifacts/s1-test/app/out/log.txt')).toBe('app/out/log.txt');
    expect(m('data/repo/cov/index.html')).toBe('cov/index.html');
  });
});

describe('access', () => {
  it('needs namespace rights for a fresh namespace, list+delete cleanup in an existing one', () => {
    const fresh = accessNeeds({ namespace: 'ns', createNamespace: true, manifests: [] }).map(
      describeNeed,
    );
    expect(fresh).toContain('create namespaces (cluster-wide)');
    expect(fresh).toContain("create pods/exec in namespace 'ns'");
    const existing = accessNeeds({
      namespace: 'ns',
      createNamespace: false,
      manifests: [
        { apiVersion: 'apps/v1', kind: 'Deployment' },
        { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
      ],
    }).map(describeNeed);
    expect(existing).not.toContain('create namespaces (cluster-wide)');
    expect(existing).toEqual(
      expect.arrayContaining([
        "delete services in namespace 'ns'",
        "patch deployments.apps in namespace 'ns'",
        "create deployments.apps in namespace 'ns'",
        "list ingresses.networking.k8s.io in namespace 'ns'",
      ]),
    );
  });
});

describe('manifests', () => {
  it('parses documents and lists, and refuses what cannot be applied with file:line', () => {
    const objects = parseManifests([
      {
        path: 'app.yaml',
        text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkind: List\napiVersion: v1\nitems:\n  - {apiVersion: v1, kind: Secret, metadata: {name: b}}\n',
      },
    ]);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['ConfigMap/a', 'Secret/b']);
    expect(() => parseManifests([{ path: 'x.yaml', text: 'a: 1\n---\nkind: Pod\n' }])).toThrow(
      /^x\.yaml:1: a manifest document needs apiVersion, kind and metadata\.name/,
    );
    expect(() =>
      parseManifests([
        { path: 'ns.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: n}\n' },
      ]),
    ).toThrow(/may not create namespaces/);
    expect(() => parseManifests([{ path: 'bad.yaml', text: 'a: [\n' }])).toThrow(
      /^bad\.yaml:\d+:\d+: /,
    );
  });

  it('labels objects and their pod templates with the run, with a short grace unless set', () => {
    const [deployment, job] = labelManifests(
      [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'web', labels: { app: 'web' } },
          spec: { template: { metadata: { labels: { app: 'web' } }, spec: {} } },
        },
        {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: { name: 'seed' },
          spec: { template: { spec: { terminationGracePeriodSeconds: 60 } } },
        },
      ],
      'ns',
      'abc123',
    );
    expect(deployment!.metadata).toMatchObject({
      namespace: 'ns',
      labels: { app: 'web', 'shakedown.dev/run-id': 'abc123' },
    });
    type Templated = { template: { metadata: { labels: Record<string, string> }; spec: object } };
    const template = (deployment!.spec as Templated).template;
    expect(template.metadata.labels).toMatchObject({
      app: 'web',
      'app.kubernetes.io/managed-by': 'shakedown',
    });
    expect(template.spec).toEqual({ terminationGracePeriodSeconds: 5 });
    expect((job!.spec as Templated).template.spec).toEqual({ terminationGracePeriodSeconds: 60 });
  });

  const obj = (kind: string, spec: object, status: object, generation = 1): KubeObject => ({
    apiVersion: 'v1',
    kind,
    metadata: { name: 'x', generation },
    spec,
    status,
  });

  it('knows when workloads are ready, pending or failed', () => {
    expect(
      readiness(
        obj(
          'Deployment',
          { replicas: 2 },
          { observedGeneration: 1, updatedReplicas: 2, availableReplicas: 1 },
        ),
      ),
    ).toEqual({ state: 'pending', reason: '1/2 replicas available' });
    expect(
      readiness(
        obj(
          'Deployment',
          { replicas: 2 },
          { observedGeneration: 1, updatedReplicas: 2, availableReplicas: 2 },
        ),
      ),
    ).toEqual({ state: 'ready' });
    expect(readiness(obj('Deployment', {}, { observedGeneration: 1 }, 2)).state).toBe('pending');
    expect(
      readiness(
        obj(
          'Deployment',
          {},
          {
            observedGeneration: 1,
            conditions: [
              { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' },
            ],
          },
        ),
      ).state,
    ).toBe('failed');
    expect(
      readiness(obj('Job', {}, { conditions: [{ type: 'Complete', status: 'True' }] })),
    ).toEqual({ state: 'ready' });
    expect(
      readiness(
        obj(
          'Job',
          {},
          { conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] },
        ),
      ).state,
    ).toBe('failed');
    expect(
      readiness(obj('StatefulSet', { replicas: 1 }, { observedGeneration: 1, readyReplicas: 1 })),
    ).toEqual({ state: 'ready' });
    expect(
      readiness(
        obj(
          'DaemonSet',
          {},
          {
            observedGeneration: 1,
            desiredNumberScheduled: 1,
            updatedNumberScheduled: 1,
            numberAvailable: 0,
          },
        ),
      ).state,
    ).toBe('pending');
    expect(
      readiness(
        obj('Pod', {}, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] }),
      ),
    ).toEqual({ state: 'ready' });
    expect(readiness(obj('ConfigMap', {}, {}))).toEqual({ state: 'ready' });
  });
});

describe('podProblem', () => {
  const pod = (status: object): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    status,
  });

  it('names reasons a pod will not recover from', () => {
    expect(
      podProblem(
        pod({
          phase: 'Pending',
          conditions: [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'Unschedulable',
              message: '0/1 nodes: Insufficient memory',
            },
          ],
        }),
      ),
    ).toEqual({
      reason: 'Unschedulable',
      message: '0/1 nodes: Insufficient memory',
    });
    expect(
      podProblem(
        pod({
          containerStatuses: [
            {
              name: 'db',
              state: { waiting: { reason: 'CrashLoopBackOff' } },
              lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } },
            },
          ],
        }),
      ),
    ).toMatchObject({ reason: 'OOMKilled', container: 'db' });
    expect(
      podProblem(
        pod({
          containerStatuses: [
            {
              name: 'c',
              state: {
                waiting: { reason: 'CreateContainerConfigError', message: 'secret "x" not found' },
              },
            },
          ],
        }),
      ),
    ).toEqual({
      reason: 'CreateContainerConfigError',
      message: 'container \'c\': secret "x" not found',
      container: 'c',
    });
    expect(
      podProblem(
        pod({
          phase: 'Failed',
          reason: 'DeadlineExceeded',
          message: 'Pod was active longer than deadline',
        }),
      )?.reason,
    ).toBe('DeadlineExceeded');
    expect(podProblem(pod({ phase: 'Succeeded' }))?.reason).toBe('Completed');
    expect(podProblem(pod({ phase: 'Succeeded' }), true)).toBeUndefined();
    expect(
      podProblem(
        pod({
          phase: 'Pending',
          containerStatuses: [{ name: 'c', state: { waiting: { reason: 'ContainerCreating' } } }],
        }),
      ),
    ).toBeUndefined();
  });
});

describe('log lines', () => {
  it('joins chunks into lines and masks secrets split across chunks', () => {
    const mask = masker(['s3cr3t']);
    const buffer = new LineBuffer();
    const lines = [
      ...buffer.push('a\ntoken=s3c'),
      ...buffer.push('r3t\r\nrest'),
      ...buffer.flush(),
    ].map(mask);
    expect(lines).toEqual(['a', 'token=***', 'rest']);
    expect(masker([])('s3cr3t')).toBe('s3cr3t');
  });
});
