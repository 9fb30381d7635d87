import { describe, expect, it } from '@jest/globals';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGatedPod, unrunnableSteps } from '../../../src/core/engine/pod-builder.js';
import { buildProgram } from '../../../src/core/engine/program.js';
import { buildServiceDns, buildServiceInstance } from '../../../src/core/engine/service-objects.js';
import { expectGolden } from '../report/golden.js';
import { container, service, step } from './plan-fixtures.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden');

const steps = [
  step('build', {
    container: container({
      image: 'node:24',
      shell: 'npm ci\nnpm test',
      workingDir: '/data/app',
      env: [{ name: 'DB', value: '{{ services.db.0.ip }}' }],
    }),
    timeoutMs: 90_000,
    retry: { count: 1 },
    artifacts: { paths: ['reports/*.xml', '/app/coverage/**'] },
  }),
  step('report', {
    condition: 'always',
    container: container({
      image: 'alpine/curl:8',
      shell: undefined,
      command: ['curl'],
      args: ['-f', 'http://web/'],
    }),
  }),
];

function pod() {
  return buildGatedPod({
    name: 'sd-abc123-workflow',
    namespace: 'demo-abc123',
    runId: 'abc123',
    role: 'workflow',
    program: buildProgram(steps),
    pod: { serviceAccountName: 'tests', nodeSelector: { pool: 'ci' } },
    labels: { team: 'qa' },
    content: {
      path: 'spec.content',
      plan: {
        git: {
          uri: 'https://git.example.com/{{ config.user }}/app.git',
          revision: 'main',
          paths: ['tests/'],
          mountPath: '/src',
          tokenFrom: { secretKeyRef: { name: 'git', key: 'token' } },
        },
        files: [
          { path: '/data/fixtures/users.json', content: '[{"name":"{{ config.user }}"}]' },
          { path: '/etc/app/app.conf', content: 'x=1', mode: 0o600 },
          { path: 'token', contentFrom: { secretKeyRef: { name: 'creds', key: 'token' } } },
        ],
      },
    },
    vars: { config: { user: 'ann' }, services: { db: [{ ip: '10.0.0.7' }] } },
    toolboxImage: 'docker.io/library/busybox:1.36',
    gitImage: 'docker.io/library/node:24',
    activeDeadlineSeconds: 3600,
  });
}

describe('buildGatedPod', () => {
  it('builds the workflow pod: setup, one wrapped init container per attempt, finish (golden)', () => {
    const built = pod();
    expectGolden(
      GOLDEN,
      'workflow-pod.json',
      `${JSON.stringify({ pod: built.pod, configMap: built.configMap }, null, 2)}\n`,
    );
  });

  it('renders run-time templates and keeps the rendered container for artifacts', () => {
    const built = pod();
    expect(built.rendered.get('build')?.env).toEqual([{ name: 'DB', value: '10.0.0.7' }]);
    const init = (built.pod.spec as { initContainers: { name: string; env?: unknown[] }[] })
      .initContainers;
    expect(init.map((c) => c.name)).toEqual([
      'shakedown-setup',
      'shakedown-git-0',
      's1-build',
      's1-build-r1',
      's2-report',
    ]);
    expect(init[2]!.env).toEqual([
      { name: 'CI', value: '1' },
      { name: 'DB', value: '10.0.0.7' },
    ]);
  });

  it('names the field of a template that cannot be rendered', () => {
    const broken = [
      step('x', { container: container({ shell: 'echo {{ services.nope.0.ip }}' }) }),
    ];
    expect(() =>
      buildGatedPod({
        name: 'p',
        namespace: 'n',
        runId: 'r1234',
        role: 'workflow',
        program: buildProgram(broken),
        pod: {},
        labels: {},
        vars: { services: {} },
        toolboxImage: 'busybox',
        gitImage: 'git',
        activeDeadlineSeconds: 60,
      }),
    ).toThrow(/^spec\.steps\[x\]\.shell: .*nope/);
  });
});

describe('unrunnableSteps', () => {
  it('names entrypoint steps whose image cannot be looked up, also inside workers', () => {
    const bad = step('e', {
      container: container({ image: 'Bad:x', shell: undefined, args: ['--flag'] }),
    });
    const good = step('g', {
      container: container({ image: 'grafana/k6:0.49.0', shell: undefined }),
    });
    const later = step('t', {
      container: container({ image: 'k6:{{ config.v }}', shell: undefined }),
    });
    const worker = {
      name: 'w',
      index: 0,
      count: 1,
      matrix: {},
      shard: {},
      services: [],
      steps: [bad],
    };
    const par = step('p', {
      container: undefined,
      parallel: { parallelism: 1, failFast: false, workers: [worker] },
    });
    const message =
      "spec.steps[e] ('e'): runs the entrypoint of image 'Bad:x', which cannot be read: 'Bad' is not a valid repository name component (lowercase letters, digits and . _ -)";
    expect(unrunnableSteps([step('ok'), good, later, bad, par])).toEqual([message, message]);
  });
});

describe('entrypoint steps in the pod', () => {
  const entry = (over = {}) =>
    step('k6', { container: container({ image: 'grafana/k6:0.49.0', shell: undefined, ...over }) });
  const build = (
    s: ReturnType<typeof step>,
    images?: Map<string, { entrypoint: string[]; cmd: string[] }>,
  ) =>
    buildGatedPod({
      name: 'p',
      namespace: 'n',
      runId: 'r1234',
      role: 'workflow',
      program: buildProgram([s]),
      pod: {},
      labels: {},
      vars: {},
      toolboxImage: 'busybox',
      gitImage: 'git',
      activeDeadlineSeconds: 60,
      ...(images && { images }),
    });
  const argvOf = (built: ReturnType<typeof build>) => {
    const init = (built.pod.spec as { initContainers: { command: string[] }[] }).initContainers;
    return init[1]!.command.slice(init[1]!.command.indexOf('exec') + 1);
  };
  const images = new Map([['grafana/k6:0.49.0', { entrypoint: ['k6'], cmd: ['help'] }]]);

  it('wraps the image entrypoint with the step args', () => {
    expect(argvOf(build(entry({ args: ['run', 'test.js'] }), images))).toEqual([
      'k6',
      'run',
      'test.js',
    ]);
    expect(argvOf(build(entry(), images))).toEqual(['k6', 'help']);
  });

  it('names the step when the entrypoint was not read or is empty', () => {
    expect(() => build(entry())).toThrow(
      "spec.steps[k6] ('k6'): the entrypoint of image 'grafana/k6:0.49.0' was not read; give run.command (or shell)",
    );
    const empty = new Map([['grafana/k6:0.49.0', { entrypoint: [], cmd: [] }]]);
    expect(() => build(entry(), empty)).toThrow(
      "spec.steps[k6] ('k6'): image 'grafana/k6:0.49.0' has neither ENTRYPOINT nor CMD; give run.command (or shell)",
    );
  });
});

describe('service objects', () => {
  it('builds an instance pod (image entrypoint kept) and a headless Service (golden)', () => {
    const svc = service('db', {
      readinessProbe: { tcpSocket: { port: 6379 } },
      restartPolicy: 'Always',
    });
    const input = {
      namespace: 'demo-abc123',
      runId: 'abc123',
      labels: {},
      vars: {},
      activeDeadlineSeconds: 600,
    };
    const objects = buildServiceInstance(svc, svc.instances[0]!, input);
    expectGolden(
      GOLDEN,
      'service-objects.json',
      `${JSON.stringify({ pod: objects.pod, service: buildServiceDns(svc, input) }, null, 2)}\n`,
    );
  });
});
