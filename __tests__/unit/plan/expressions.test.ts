import { buildPlan } from '../../../src/core/plan/build-plan.js';
import { formatPlan } from '../../../src/core/plan/format-plan.js';
import { loaded, planOf, problemsOf } from './helpers/workflow.js';

describe('expressions at plan time', () => {
  it('fold config and workflow.name, and keep run-time variables for the engine', () => {
    const plan = planOf({
      config: { host: { default: 'api' }, port: { type: 'integer', default: 8080 } },
      container: { image: 'curlimages/curl:8' },
      steps: [
        {
          shell:
            'curl http://{{ config.host }}:{{ config.port + 1 }}/{{ workflow.name }} -H "X-Run: {{ execution.id }}" --db {{ services.db.0.ip }}',
        },
      ],
    });
    expect(plan.steps[0]!.container!.shell).toBe(
      'curl http://api:8081/demo -H "X-Run: {{ execution.id }}" --db {{ services.db.0.ip }}',
    );
  });

  it('simplify conditions: config folded, results deferred', () => {
    const plan = planOf({
      config: { slow: { type: 'boolean', default: false }, env: { default: 'ci' } },
      container: { image: 'a' },
      steps: [
        { shell: '1', condition: 'config.slow' },
        { shell: '2', condition: 'passed && config.env == "ci"' },
        { shell: '3', condition: 'failed || config.slow' },
        { shell: '4', condition: 'always && env.RUN_EXTRA == "1"' },
      ],
    });
    expect(plan.steps.map((s) => s.condition)).toEqual([
      'false',
      'passed',
      'failed',
      'always && env.RUN_EXTRA == "1"',
    ]);
  });

  it('name the expression, the position in it and the field path on errors', () => {
    expect(
      problemsOf({
        container: { image: 'a' },
        steps: [
          { shell: 'echo {{ config.nope }}', condition: 'passed &&' },
          { shell: 'x', retry: { count: 1, until: 'lenn(x)' } },
        ],
      }),
    ).toEqual([
      'spec.steps[0].condition: bad expression: unexpected end of expression, expected a value at 1:10\n  passed &&\n           ^',
      "spec.steps[0].shell: bad expression: unknown variable 'config.nope' at 1:9\n  echo {{ config.nope }}\n          ^",
      "spec.steps[1].retry.until: bad expression: unknown function 'lenn' at 1:1\n  lenn(x)\n  ^",
    ]);
  });

  it('refuse images that depend on run-time values', () => {
    expect(problemsOf({ steps: [{ run: { image: 'app:{{ env.TAG }}' } }] })).toEqual([
      "spec.steps[0].run.image: image must be known before the run, but 'app:{{ env.TAG }}' refers to env, known only at run time",
    ]);
  });
});

describe('config values', () => {
  it('stop at config problems so expressions do not pile up follow-up errors', () => {
    const outcome = buildPlan(
      loaded({
        config: { n: { type: 'integer' } },
        container: { image: 'a' },
        steps: [{ shell: '{{ config.n }}' }],
      }),
      { configValues: { m: '1' } },
    );
    expect(outcome.diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual([
      "spec.config: --config m=…: unknown parameter 'm'; known parameters: n",
      "spec.config.n: required parameter 'n' has no value: pass --config n=<integer> (it has no default)",
    ]);
  });

  it('are typed in the plan and in expressions', () => {
    const plan = planOf(
      {
        config: { n: { type: 'integer', default: 1 }, on: { type: 'boolean', default: false } },
        container: { image: 'a' },
        steps: [{ shell: 'echo {{ config.n * 2 }} {{ config.on ? "yes" : "no" }}' }],
      },
      { n: '21', on: 'true' },
    );
    expect(plan.config).toEqual({ n: 21, on: true });
    expect(plan.steps[0]!.container!.shell).toBe('echo 42 yes');
  });

  it('mask sensitive values wherever they were inlined when printing', () => {
    const plan = planOf(
      {
        config: { token: { sensitive: true }, user: { default: 'bot' } },
        container: { image: 'a' },
        steps: [{ shell: 'login {{ config.user }}:{{ config.token }}' }],
      },
      { token: 's3cr3t' },
    );
    expect(plan.sensitive).toEqual(['token']);
    const printed = formatPlan(plan, 'json');
    expect(printed).not.toContain('s3cr3t');
    expect(JSON.parse(printed)).toMatchObject({
      config: { token: '***', user: 'bot' },
      steps: [{ container: { shell: 'login bot:***' } }],
    });
    expect(plan.steps[0]!.container!.shell).toBe('login bot:s3cr3t');
  });
});

describe('buildPlan', () => {
  it('is deterministic', () => {
    const spec = {
      services: { db: { image: 'postgres:16', count: 2 } },
      steps: [
        {
          parallel: {
            matrix: { a: [1, 2], b: ['x', 'y'] },
            shell: 'echo {{ matrix.a }}{{ matrix.b }}',
          },
        },
      ],
    };
    expect(formatPlan(planOf(spec), 'yaml')).toBe(formatPlan(planOf(spec), 'yaml'));
  });

  it('copies workflow-level settings', () => {
    const source = loaded({
      job: { activeDeadlineSeconds: 600 },
      pod: { serviceAccountName: 'tester', labels: { team: 'qa' } },
      container: { image: 'a' },
      steps: [{ shell: 'x' }],
    });
    source.workflow.metadata.labels = { app: 'shop' };
    const plan = buildPlan(source, { configValues: {} }).plan!;
    expect(plan).toMatchObject({
      version: 1,
      workflow: 'demo',
      file: 'demo.yaml',
      labels: { app: 'shop' },
      activeDeadlineSeconds: 600,
      pod: { serviceAccountName: 'tester', labels: { team: 'qa' } },
    });
  });

  it('refuses a workflow with nothing to run', () => {
    expect(problemsOf({ container: { image: 'a' } })).toEqual([
      'spec: the workflow has nothing to run: add spec.steps',
    ]);
  });
});

describe('secrets in derived names', () => {
  it('are redacted before names and ids are made from resolved text', () => {
    const plan = planOf(
      {
        config: { token: { sensitive: true } },
        container: { image: 'a' },
        steps: [{ shell: 'login {{ config.token }}' }],
      },
      { token: 'S3cr-3t' },
    );
    expect(plan.steps[0]).toMatchObject({ name: 'login ***', id: 'login' });
    expect(JSON.stringify(plan.steps[0]!.id)).not.toMatch(/s3cr/i);
  });
});
