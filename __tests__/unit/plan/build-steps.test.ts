import { sharingPrologue } from '../../../src/core/spec/step-sharing.js';
import { DEFAULT_SHELL_IMAGE } from '../../../src/core/plan/build-container.js';
import { planOf, problemsOf } from './helpers/workflow.js';

describe('step containers', () => {
  it('merge spec.container into every step, env by name, the step winning', () => {
    const plan = planOf({
      container: {
        image: 'node:20',
        env: [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
      },
      steps: [{ shell: 'npm test', container: { env: [{ name: 'A', value: 'step' }] } }],
    });
    expect(plan.steps[0]!.container).toEqual({
      image: 'node:20',
      shell: 'npm test',
      env: [
        { name: 'B', value: '2' },
        { name: 'A', value: 'step' },
      ],
    });
  });

  it('let run replace the image together with command and args', () => {
    const plan = planOf({
      container: { image: 'node:20', command: ['node'], args: ['x.js'] },
      steps: [{ run: { image: 'curlimages/curl:8', args: ['-f', 'http://api'] } }],
    });
    expect(plan.steps[0]!.container).toEqual({
      image: 'curlimages/curl:8',
      args: ['-f', 'http://api'],
      env: [],
    });
  });

  it('run a bare shell in the default image when nothing sets one', () => {
    const plan = planOf({ steps: [{ shell: 'echo hi' }] });
    expect(plan.steps[0]!.container).toEqual({
      image: DEFAULT_SHELL_IMAGE,
      shell: 'echo hi',
      env: [],
    });
  });

  it('drop command and args of the defaults when a shell runs', () => {
    const plan = planOf({ container: { image: 'a', command: ['x'] }, steps: [{ shell: 'y' }] });
    expect(plan.steps[0]!.container).toEqual({ image: 'a', shell: 'y', env: [] });
  });

  it('pass a step-level shell into its run container', () => {
    const plan = planOf({ steps: [{ run: { image: 'python:3.12' }, shell: 'pytest' }] });
    expect(plan.steps[0]!.container).toMatchObject({ image: 'python:3.12', shell: 'pytest' });
  });

  it('inherit workingDir and container defaults down the tree, run only for its own step', () => {
    const plan = planOf({
      container: { image: 'node:20', workingDir: '/data' },
      steps: [
        {
          name: 'group',
          workingDir: '/data/app',
          container: { env: [{ name: 'CI', value: '1' }] },
          run: { workingDir: '/tmp', env: [{ name: 'ONLY_ME', value: 'x' }] },
          shell: 'ls',
          steps: [{ shell: 'npm test' }, { shell: 'pwd', workingDir: '/srv' }],
        },
      ],
    });
    const [group] = plan.steps;
    expect(group!.container).toMatchObject({
      workingDir: '/tmp',
      env: [{ name: 'CI' }, { name: 'ONLY_ME' }],
    });
    expect(group!.steps[0]!.container).toMatchObject({
      workingDir: '/data/app',
      env: [{ name: 'CI', value: '1' }],
    });
    expect(group!.steps[1]!.container!.workingDir).toBe('/srv');
  });

  it("let step.container.workingDir win over the step's workingDir, as Testkube applies them", () => {
    const plan = planOf({
      steps: [{ workingDir: '/a', container: { workingDir: '/b' }, shell: 'pwd' }],
    });
    expect(plan.steps[0]!.container!.workingDir).toBe('/b');
  });

  it('refuse a step with nothing to run in', () => {
    expect(problemsOf({ steps: [{ run: { command: ['make'] } }] })).toEqual([
      'spec.steps[0].run: nothing to run: no image is set here or in a container default (spec.container, step.container)',
    ]);
  });

  it('refuse a script given twice or combined with command/args', () => {
    expect(
      problemsOf({
        container: { image: 'a' },
        steps: [{ shell: 'x', run: { shell: 'y' } }, { run: { shell: 'x', args: ['y'] } }],
      }),
    ).toEqual([
      'spec.steps[0].shell: the script is given twice: use either shell or run.shell',
      'spec.steps[1].run.shell: a shell script cannot be combined with run.command or run.args',
    ]);
  });
});

describe('step control', () => {
  it('flattens setup, steps and after in order with their phase and default condition', () => {
    const plan = planOf({
      container: { image: 'a' },
      setup: [{ name: 'prepare', shell: 'x' }],
      steps: [{ name: 'test', shell: 'y' }],
      after: [{ name: 'report', shell: 'z', steps: [{ name: 'inner', shell: 'w' }] }],
    });
    expect(plan.steps.map((s) => [s.path, s.phase, s.condition])).toEqual([
      ['spec.setup[0]', 'setup', 'passed'],
      ['spec.steps[0]', 'main', 'passed'],
      ['spec.after[0]', 'after', 'always'],
    ]);
    expect(plan.steps[2]!.steps[0]).toMatchObject({
      path: 'spec.after[0].steps[0]',
      phase: 'after',
      condition: 'passed',
    });
  });

  it('parses timeouts and delays, and keeps retry', () => {
    const plan = planOf({
      config: { limit: { default: '2m' } },
      container: { image: 'a' },
      steps: [
        {
          shell: 'x',
          timeout: '{{ config.limit }}',
          delay: '1s500ms',
          retry: { count: 3, until: 'passed' },
        },
      ],
    });
    expect(plan.steps[0]).toMatchObject({
      timeoutMs: 120_000,
      delayMs: 1500,
      retry: { count: 3, until: 'passed' },
    });
  });

  it('reports bad durations with their path', () => {
    expect(
      problemsOf({
        container: { image: 'a' },
        steps: [{ shell: 'x', timeout: '10 minutes', delay: '5' }],
      }),
    ).toEqual([
      "spec.steps[0].delay: '5' is not a duration such as 1m30s, 500ms or 2h",
      "spec.steps[0].timeout: '10 minutes' is not a duration such as 1m30s, 500ms or 2h",
    ]);
  });

  it('keeps optional and negative', () => {
    const plan = planOf({
      container: { image: 'a' },
      steps: [{ shell: 'x', optional: true, negative: true }],
    });
    expect(plan.steps[0]).toMatchObject({ optional: true, negative: true });
  });
});

describe('step ids and names', () => {
  it('derive names from what steps run, and ids from names', () => {
    const plan = planOf({
      container: { image: 'node:20' },
      steps: [
        { shell: 'set -e\nnpm ci\nnpm test' },
        { run: { image: 'curlimages/curl:8', args: ['-f', 'http://api/health'] } },
        { name: 'Group', steps: [{ shell: 'a' }] },
        { steps: [{ shell: 'b' }, { shell: 'c' }] },
        { artifacts: { paths: ['reports/*.xml'] } },
      ],
    });
    expect(plan.steps.map((s) => [s.id, s.name])).toEqual([
      ['npm_ci', 'npm ci …'],
      ['curlimages_curl_8_f_http_api_health', 'curlimages/curl:8 -f http://api/health'],
      ['group', 'Group'],
      ['group_2_steps', 'Group (2 steps)'],
      ['upload_artifacts', 'Upload artifacts'],
    ]);
  });

  it('keep explicit ids and never hand them out again', () => {
    const plan = planOf({
      container: { image: 'a' },
      steps: [
        { name: 'Test', shell: 'x' },
        { name: 'Other', id: 'test_2', shell: 'y' },
        { name: 'Test', shell: 'z' },
      ],
    });
    expect(plan.steps.map((s) => s.id)).toEqual(['test', 'test_2', 'test_3']);
  });

  it('refuse an explicit id used twice', () => {
    expect(
      problemsOf({
        container: { image: 'a' },
        steps: [{ id: 'x', shell: 'a', steps: [{ id: 'x', shell: 'b' }] }],
      }),
    ).toEqual(["spec.steps[0].steps[0].id: id 'x' is already used by spec.steps[0]"]);
  });

  it('resolve templates in names', () => {
    const plan = planOf({
      container: { image: 'a' },
      steps: [{ name: 'Test {{ workflow.name }}', shell: 'x' }],
    });
    expect(plan.steps[0]).toMatchObject({ name: 'Test demo', id: 'test_demo' });
  });
});

describe('content and artifacts', () => {
  it('resolve files, git (default mount path) and artifacts', () => {
    const plan = planOf({
      config: { branch: { default: 'main' } },
      content: {
        git: {
          uri: 'https://github.com/acme/app',
          revision: '{{ config.branch }}',
          tokenFrom: { secretKeyRef: { name: 'gh', key: 'token' } },
        },
        files: [{ path: '/data/env', content: 'BRANCH={{ config.branch }}', mode: 420 }],
      },
      container: { image: 'a' },
      steps: [
        {
          shell: 'x',
          artifacts: { paths: ['out/{{ config.branch }}/*.xml'], workingDir: '/data' },
        },
      ],
    });
    expect(plan.content).toEqual({
      files: [{ path: '/data/env', content: 'BRANCH=main', mode: 420 }],
      git: {
        uri: 'https://github.com/acme/app',
        revision: 'main',
        mountPath: '/data/repo',
        tokenFrom: { secretKeyRef: { name: 'gh', key: 'token' } },
      },
    });
    expect(plan.steps[0]!.artifacts).toEqual({ paths: ['out/main/*.xml'], workingDir: '/data' });
  });
});

describe("Testkube's step results and outputs in shell scripts", () => {
  it('rewrites them into the scripts and makes the shared steps keep their outputs', () => {
    const plan = planOf({
      container: { image: 'busybox:1.36' },
      steps: [
        { name: 'Produce', id: 'produce', shell: 'echo x > {{ step.results }}/f' },
        {
          name: 'Consume',
          shell: 'test "{{step.produce.outputs.token}}" = x; cat {{ step.produce.results }}/f',
        },
      ],
    });
    const [produce, consume] = plan.steps.map((s) => s.container!.shell!);
    expect(produce).toBe(sharingPrologue('produce') + 'echo x > /data/.steps/produce/f');
    // Nothing refers to the consumer's results or outputs: it runs as written.
    expect(consume).toBe(
      'test "$(cat \'/data/.steps/produce/.outputs/token\' 2>/dev/null)" = x; cat /data/.steps/produce/f',
    );
    expect(sharingPrologue('produce')).toContain("'/data/.steps/produce/.outputs/'");
  });
});

describe('secret() in a shell script', () => {
  it('becomes $(ENV) of an env var read from the Secret, so the plan never holds the value', () => {
    const plan = planOf({
      container: { image: 'busybox:1.36' },
      steps: [
        { shell: `login '{{ secret("db", "pw") }}' {{ secret('db', 'pw') }} {{secret("x","k")}}` },
      ],
    });
    const container = plan.steps[0]!.container!;
    expect(container.shell).toBe(
      "login '$(SHAKEDOWN_SECRET_0)' $(SHAKEDOWN_SECRET_0) $(SHAKEDOWN_SECRET_1)",
    );
    expect(container.env.filter((e) => e.name.startsWith('SHAKEDOWN_SECRET_'))).toEqual([
      { name: 'SHAKEDOWN_SECRET_0', valueFrom: { secretKeyRef: { name: 'db', key: 'pw' } } },
      { name: 'SHAKEDOWN_SECRET_1', valueFrom: { secretKeyRef: { name: 'x', key: 'k' } } },
    ]);
  });
});
