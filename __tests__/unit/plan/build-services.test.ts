import { planOf, problemsOf } from './helpers/workflow.js';

describe('services', () => {
  it('expand count into instances named <service>-<index>, with index and count resolved', () => {
    const plan = planOf({
      services: {
        redis: {
          image: 'redis:7',
          count: 2,
          args: ['--port', '{{ 6379 + index }}'],
          description: 'replica {{ index + 1 }}/{{ count }}',
        },
      },
      steps: [{ shell: 'x' }],
    });
    const [redis] = plan.services;
    expect(redis).toMatchObject({
      name: 'redis',
      path: 'spec.services.redis',
      description: 'replica {{ index + 1 }}/{{ count }}',
    });
    expect(redis!.instances.map((i) => [i.name, i.index, i.count, i.container.args])).toEqual([
      ['redis-0', 0, 2, ['--port', '6379']],
      ['redis-1', 1, 2, ['--port', '6380']],
    ]);
  });

  it('expand a matrix, each instance with its own values', () => {
    const plan = planOf({
      services: {
        browser: {
          matrix: {
            engine: [
              { name: 'chrome', image: 'selenium/standalone-chrome:4' },
              { name: 'firefox', image: 'selenium/standalone-firefox:4' },
            ],
          },
          image: '{{ matrix.engine.image }}',
          env: [{ name: 'ENGINE', value: '{{ matrix.engine.name }}' }],
        },
      },
      steps: [{ shell: 'x' }],
    });
    expect(
      plan.services[0]!.instances.map((i) => [
        i.name,
        i.matrix,
        i.container.image,
        i.container.env,
      ]),
    ).toEqual([
      [
        'browser-0',
        { engine: { name: 'chrome', image: 'selenium/standalone-chrome:4' } },
        'selenium/standalone-chrome:4',
        [{ name: 'ENGINE', value: 'chrome' }],
      ],
      [
        'browser-1',
        { engine: { name: 'firefox', image: 'selenium/standalone-firefox:4' } },
        'selenium/standalone-firefox:4',
        [{ name: 'ENGINE', value: 'firefox' }],
      ],
    ]);
  });

  it("keep probe, timeout, logs and restart policy, without the steps' container defaults", () => {
    const plan = planOf({
      container: { env: [{ name: 'TZ', value: 'UTC' }], resources: { requests: { cpu: '100m' } } },
      services: {
        db: {
          image: 'postgres:16',
          env: [{ name: 'POSTGRES_PASSWORD', value: 'test' }],
          readinessProbe: { exec: { command: ['pg_isready'] }, periodSeconds: 2 },
          timeout: '2m',
          logs: 'failed',
          restartPolicy: 'Never',
        },
      },
      steps: [{ shell: 'x' }],
    });
    expect(plan.services[0]).toEqual({
      name: 'db',
      path: 'spec.services.db',
      timeoutMs: 120_000,
      logs: 'failed',
      readinessProbe: { exec: { command: ['pg_isready'] }, periodSeconds: 2 },
      restartPolicy: 'Never',
      instances: [
        {
          name: 'db-0',
          index: 0,
          count: 1,
          matrix: {},
          shard: {},
          container: {
            image: 'postgres:16',
            env: [{ name: 'POSTGRES_PASSWORD', value: 'test' }],
          },
        },
      ],
    });
  });

  it("get the workflow pod's imagePullSecrets, as Testkube passes them down", () => {
    const plan = planOf({
      pod: { imagePullSecrets: [{ name: 'registry' }] },
      services: { api: { image: 'private/api:1', pod: { labels: { app: 'api' } } } },
      container: { image: 'a' },
      steps: [{ shell: 'x' }],
    });
    expect(plan.services[0]!.pod).toEqual({
      labels: { app: 'api' },
      imagePullSecrets: [{ name: 'registry' }],
    });
  });

  it('need an image of their own', () => {
    expect(
      problemsOf({
        container: { image: 'a' },
        services: { db: { args: ['x'] } },
        steps: [{ shell: 'x' }],
      }),
    ).toEqual([
      'spec.services.db: a service needs an image of its own (services do not use spec.container)',
    ]);
  });

  it('run a service shell script', () => {
    const plan = planOf({
      services: { api: { image: 'node:20', shell: 'node server.js' } },
      steps: [{ shell: 'x' }],
    });
    expect(plan.services[0]!.instances[0]!.container).toEqual({
      image: 'node:20',
      shell: 'node server.js',
      env: [],
    });
  });

  it('make instance names Kubernetes-safe', () => {
    const plan = planOf({ services: { My_DB: { image: 'postgres:16' } }, steps: [{ shell: 'x' }] });
    expect(plan.services[0]!.instances[0]!.name).toBe('my-db-0');
  });

  it('start step services for that step', () => {
    const plan = planOf({
      container: { image: 'a' },
      steps: [{ shell: 'x', services: { cache: { image: 'redis:7' } } }],
    });
    expect(plan.steps[0]!.services.map((s) => [s.path, s.instances[0]!.name])).toEqual([
      ['spec.steps[0].services.cache', 'cache-0'],
    ]);
  });

  it('refuse two services that would get the same instance name', () => {
    expect(
      problemsOf({
        services: { db: { image: 'postgres:16' } },
        steps: [{ shell: 'x', services: { DB: { image: 'postgres:16' } } }],
      }),
    ).toEqual([
      "spec.steps[0].services.DB: instance name 'db-0' is already used by spec.services.db; rename one of the services",
    ]);
  });

  it('report a count that is not a whole number, or not known before the run', () => {
    expect(
      problemsOf({
        services: {
          a: { image: 'x', count: '3 / 2' },
          b: { image: 'x', count: 'len(services.a)' },
          c: { image: 'x', count: -1 },
        },
        steps: [{ shell: 'x' }],
      }),
    ).toEqual([
      "spec.services.a.count: must be a whole number of instances (0 or more), but '3 / 2' is 1.5",
      "spec.services.b.count: count must be known before the run, but 'len(services.a)' refers to services, known only at run time",
      'spec.services.c.count: must be a whole number of instances (0 or more), but it is -1',
    ]);
  });
});

describe('services.NAME.transfer', () => {
  it("resolves each instance's transfer with its own index, with Testkube's defaults", () => {
    const plan = planOf({
      services: {
        db: {
          count: 2,
          image: 'postgres:16',
          transfer: [{ from: '/data/seed/{{ index }}', files: ['*.sql'] }],
        },
      },
      steps: [{ shell: 'true', container: { image: 'busybox' } }],
    });
    expect(plan.services[0]!.instances.map((i) => i.transfer)).toEqual([
      [{ from: '/data/seed/0', to: '/data/seed/0', files: ['*.sql'] }],
      [{ from: '/data/seed/1', to: '/data/seed/1', files: ['*.sql'] }],
    ]);
  });
});
