import { planOf, problemsOf } from './helpers/workflow.js';

describe('parallel', () => {
  it('fans out count × matrix workers with shards distributed as Testkube does', () => {
    const plan = planOf({
      config: { workers: { type: 'integer', default: 2 } },
      steps: [
        {
          name: 'e2e',
          parallel: {
            count: 'config.workers',
            matrix: { browser: ['chrome', 'firefox'] },
            shards: { spec: ['a.cy.ts', 'b.cy.ts', 'c.cy.ts'] },
            container: { image: 'cypress/included:13' },
            run: {
              args: ['--browser', '{{ matrix.browser }}', '--spec', '{{ join(shard.spec, ",") }}'],
            },
          },
        },
      ],
    });
    const parallel = plan.steps[0]!.parallel!;
    expect(parallel.parallelism).toBe(4);
    expect(parallel.failFast).toBe(false);
    expect(
      parallel.workers.map((w) => [w.name, w.index, w.count, w.steps[0]!.container!.args]),
    ).toEqual([
      [
        'e2e #1 (browser=chrome, shard 1/2)',
        0,
        4,
        ['--browser', 'chrome', '--spec', 'a.cy.ts,b.cy.ts'],
      ],
      ['e2e #2 (browser=chrome, shard 2/2)', 1, 4, ['--browser', 'chrome', '--spec', 'c.cy.ts']],
      [
        'e2e #3 (browser=firefox, shard 1/2)',
        2,
        4,
        ['--browser', 'firefox', '--spec', 'a.cy.ts,b.cy.ts'],
      ],
      ['e2e #4 (browser=firefox, shard 2/2)', 3, 4, ['--browser', 'firefox', '--spec', 'c.cy.ts']],
    ]);
  });

  it('lowers maxCount to the shortest shard list, per matrix combination', () => {
    const step = (maxCount: number | string) => ({
      name: 'e2e',
      parallel: {
        maxCount,
        matrix: { browser: ['chrome', 'firefox'] },
        shards: { spec: ['a.cy.ts', 'b.cy.ts', 'c.cy.ts'] },
        container: { image: 'cypress/included:13' },
        shell: 'cypress run --spec {{ join(shard.spec, ",") }}',
      },
    });
    const shares = (maxCount: number | string, config: Record<string, string> = {}) =>
      planOf(
        { config: { max: { type: 'integer', default: 10 } }, steps: [step(maxCount)] },
        config,
      ).steps[0]!.parallel!.workers.map((w) => `${w.matrix.browser}:${w.shard.spec!.join(',')}`);
    // 10 is more than the 3 files: one file per worker, no worker without a share.
    expect(shares('config.max')).toEqual([
      'chrome:a.cy.ts',
      'chrome:b.cy.ts',
      'chrome:c.cy.ts',
      'firefox:a.cy.ts',
      'firefox:b.cy.ts',
      'firefox:c.cy.ts',
    ]);
    expect(shares('config.max', { max: '2' })).toEqual([
      'chrome:a.cy.ts,b.cy.ts',
      'chrome:c.cy.ts',
      'firefox:a.cy.ts,b.cy.ts',
      'firefox:c.cy.ts',
    ]);
    expect(shares(1)).toEqual([
      'chrome:a.cy.ts,b.cy.ts,c.cy.ts',
      'firefox:a.cy.ts,b.cy.ts,c.cy.ts',
    ]);
  });

  it('refuses a maxCount that is not a whole number', () => {
    expect(
      problemsOf({ steps: [{ parallel: { maxCount: '2 / 4', shards: { f: [1] }, shell: 'x' } }] }),
    ).toEqual([
      "spec.steps[0].parallel.maxCount: must be a whole number of instances (0 or more), but '2 / 4' is 0.5",
    ]);
  });

  it('evaluates matrix lists given as expressions', () => {
    const plan = planOf({
      config: { versions: { default: '18,20,22' } },
      steps: [
        {
          parallel: {
            matrix: { node: 'split(config.versions, ",")' },
            container: { image: 'node:{{ matrix.node }}' },
            shell: 'node -v',
          },
        },
      ],
    });
    expect(plan.steps[0]!.parallel!.workers.map((w) => w.steps[0]!.container!.image)).toEqual([
      'node:18',
      'node:20',
      'node:22',
    ]);
  });

  it('refuses a matrix expression that does not give a list', () => {
    expect(
      problemsOf({ steps: [{ parallel: { matrix: { node: 'string(18)' }, shell: 'x' } }] }),
    ).toEqual([
      'spec.steps[0].parallel.matrix.node: must give a list of values, but \'string(18)\' is "18"',
    ]);
  });

  it('caps parallelism at the number of workers and keeps failFast and description', () => {
    const plan = planOf({
      steps: [
        {
          parallel: {
            count: 3,
            parallelism: 2,
            failFast: true,
            description: 'part {{ index + 1 }}',
            shell: 'x',
          },
        },
      ],
    });
    const parallel = plan.steps[0]!.parallel!;
    expect([parallel.parallelism, parallel.failFast, parallel.description]).toEqual([
      2,
      true,
      'part {{ index + 1 }}',
    ]);
    expect(parallel.workers.map((w) => w.name)).toEqual([
      'worker #1 (part 1)',
      'worker #2 (part 2)',
      'worker #3 (part 3)',
    ]);
    expect(
      planOf({ steps: [{ parallel: { count: 2, parallelism: 10, shell: 'x' } }] }).steps[0]!
        .parallel!.parallelism,
    ).toBe(2);
  });

  it('merges the block container onto the defaults in effect, without their volume mounts', () => {
    const plan = planOf({
      container: {
        image: 'node:20',
        env: [{ name: 'OUTER', value: '1' }],
        volumeMounts: [{ name: 'cache', mountPath: '/cache' }],
      },
      steps: [
        {
          workingDir: '/data/app',
          parallel: { count: 1, container: { env: [{ name: 'INNER', value: '2' }] }, shell: 'x' },
        },
      ],
    });
    expect(plan.steps[0]!.parallel!.workers[0]!.steps[0]!.container).toEqual({
      image: 'node:20',
      shell: 'x',
      env: [
        { name: 'OUTER', value: '1' },
        { name: 'INNER', value: '2' },
      ],
      workingDir: '/data/app',
    });
  });

  it('builds worker setup/steps/after, services and content per worker with prefixed ids and names', () => {
    const plan = planOf({
      steps: [
        {
          name: 'Load test',
          parallel: {
            count: 2,
            container: { image: 'grafana/k6:0.50' },
            content: { files: [{ path: '/data/worker', content: '{{ index }}' }] },
            services: { target: { image: 'nginx:1.27' } },
            setup: [{ name: 'warm up', shell: 'true' }],
            shell: 'k6 run test.js',
            steps: [{ name: 'check', shell: 'test -f out.json' }],
            after: [{ name: 'collect', shell: 'ls' }],
          },
        },
      ],
    });
    const [first, second] = plan.steps[0]!.parallel!.workers;
    expect(first!.steps.map((s) => [s.id, s.path, s.phase, s.condition])).toEqual([
      ['load_test.0.warm_up', 'spec.steps[0].parallel.setup[0]', 'setup', 'passed'],
      ['load_test.0.k6_run_test_js', 'spec.steps[0].parallel', 'main', 'passed'],
      ['load_test.0.check', 'spec.steps[0].parallel.steps[0]', 'main', 'passed'],
      ['load_test.0.collect', 'spec.steps[0].parallel.after[0]', 'after', 'always'],
    ]);
    expect(second!.steps[0]!.id).toBe('load_test.1.warm_up');
    expect([first!.content, second!.content]).toEqual([
      { files: [{ path: '/data/worker', content: '0' }] },
      { files: [{ path: '/data/worker', content: '1' }] },
    ]);
    expect([
      first!.services[0]!.instances[0]!.name,
      second!.services[0]!.instances[0]!.name,
    ]).toEqual(['load-test-0-target-0', 'load-test-1-target-0']);
  });

  it('moves step control written on the block into the first worker step', () => {
    const plan = planOf({
      steps: [
        { parallel: { count: 1, shell: 'x', timeout: '5m', optional: true, retry: { count: 1 } } },
      ],
    });
    expect(plan.steps[0]!.parallel!.workers[0]!.steps[0]).toMatchObject({
      timeoutMs: 300_000,
      optional: true,
      retry: { count: 1 },
    });
  });

  it('names an unnamed parallel step after its workers and gives none for count 0', () => {
    const plan = planOf({ steps: [{ parallel: { count: 0, shell: 'x' } }] });
    expect(plan.steps[0]).toMatchObject({
      name: 'Parallel (0 workers)',
      parallel: { workers: [], parallelism: 1 },
    });
  });

  it('reports matrix references outside an instance', () => {
    expect(
      problemsOf({ container: { image: 'a' }, steps: [{ shell: 'echo {{ matrix.x }}' }] }),
    ).toEqual([
      "spec.steps[0].shell: bad expression: unknown variable 'matrix' at 1:9\n  echo {{ matrix.x }}\n          ^",
    ]);
  });
});

describe('parallel.transfer, fetch and paused', () => {
  it("resolves each worker's transfers with its own values, with Testkube's defaults", () => {
    const plan = planOf({
      steps: [
        {
          name: 'e2e',
          parallel: {
            count: 2,
            paused: true,
            transfer: [
              { from: '/data/repo' },
              { from: '/data/build', files: ['*.js', 'lib/**'], to: '/app' },
            ],
            fetch: [
              {
                from: '/data/reports',
                to: '/data/reports/{{ index }}',
                files: 'split("a.xml,b.xml", ",")',
              },
            ],
            container: { image: 'busybox' },
            shell: 'true',
          },
        },
      ],
    });
    const parallel = plan.steps[0]!.parallel!;
    expect(parallel.paused).toBe(true);
    expect(parallel.workers.map((w) => [w.transfer, w.fetch])).toEqual(
      [0, 1].map((i) => [
        [
          { from: '/data/repo', to: '/data/repo', files: ['**/*'] },
          { from: '/data/build', to: '/app', files: ['*.js', 'lib/**'] },
        ],
        [{ from: '/data/reports', to: `/data/reports/${i}`, files: ['a.xml', 'b.xml'] }],
      ]),
    );
  });

  it('refuses a files expression that gives no list, and an empty list', () => {
    const problems = problemsOf({
      steps: [
        {
          parallel: {
            transfer: [{ from: '/data', files: '"x"' }],
            fetch: [{ from: '/data', files: [] }],
            container: { image: 'busybox' },
            shell: 'true',
          },
        },
      ],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          `spec.steps[0].parallel.transfer[0].files: must give a list of glob patterns, but '"x"' is "x"`,
        ),
        expect.stringContaining('spec.steps[0].parallel.fetch[0].files: must not be empty'),
      ]),
    );
  });
});

describe('counts from config that evaluate negative (Testkube: "should not be lower than zero")', () => {
  const spec = {
    config: {
      service_count: { type: 'integer' as const, default: -1 },
      workers: { type: 'integer' as const, default: -1 },
    },
    services: { svc: { image: 'alpine', shell: 'true', count: 'config.service_count' } },
    steps: [{ parallel: { count: 'config.workers', shell: 'true' } }],
  };

  it('refuse the workflow, naming each count and its value, as Testkube fails the execution', () => {
    expect(problemsOf(spec)).toEqual([
      "spec.services.svc.count: must be a whole number of instances (0 or more), but 'config.service_count' is -1",
      "spec.steps[0].parallel.count: must be a whole number of instances (0 or more), but 'config.workers' is -1",
    ]);
  });

  it('run once the config overrides them, as the workflow that uses it as a template does', () => {
    const plan = planOf(spec, { service_count: '1', workers: '2' });
    expect(plan.services[0]!.instances).toHaveLength(1);
    expect(plan.steps[0]!.parallel!.workers).toHaveLength(2);
  });
});
