// Values of `sensitive` parameters, the workflow's and its templates', end up masked in printed
// plans and listed in plan.sensitiveValues for the engine and the Action to mask in logs.
import { buildPlan, formatPlan, type Plan, type StepPlan } from '../../../src/core/plan/index.js';
import { formatDiagnostic, loadWorkflows } from '../../../src/core/spec/index.js';

const HEADER = 'apiVersion: testworkflows.testkube.io/v1\n';

const DB_TEMPLATE = `${HEADER}kind: TestWorkflowTemplate
metadata:
  name: db
spec:
  config:
    user: {default: app}
    password: {sensitive: true, default: hunter22}
    dsn: {sensitive: true, default: "{{ config.user }}:{{ config.password }}@db"}
  services:
    db:
      image: postgres:16
      env:
        - {name: POSTGRES_PASSWORD, value: "{{ config.password }}"}
  container:
    env:
      - {name: PGUSER, value: "{{ config.user }}"}
      - {name: PGPASSWORD, value: "{{ config.password }}"}
      - {name: DSN, value: "{{ config.dsn }}"}
`;

const CREDS_TEMPLATE = `${HEADER}kind: TestWorkflowTemplate
metadata:
  name: creds
spec:
  config:
    password: {sensitive: true}
  container:
    env:
      - {name: PASSWORD, value: "{{ config.password }}"}
`;

function workflow(spec: string): string {
  const body = spec
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
  return `${HEADER}kind: TestWorkflow\nmetadata:\n  name: wf\nspec:\n${body}\n`;
}

function outcomeOf(spec: string, config: Record<string, string> = {}) {
  const loaded = loadWorkflows([
    { path: 'wf.yaml', text: workflow(spec) },
    { path: 'db.yaml', text: DB_TEMPLATE },
    { path: 'creds.yaml', text: CREDS_TEMPLATE },
  ]);
  expect(loaded.diagnostics.map(formatDiagnostic)).toEqual([]);
  return buildPlan(loaded.workflows[0]!, { configValues: config });
}

function planOf(spec: string, config: Record<string, string> = {}): Plan {
  const outcome = outcomeOf(spec, config);
  if (!outcome.plan) throw new Error(outcome.diagnostics.map(formatDiagnostic).join('\n'));
  return outcome.plan;
}

/** The env of the first step of a plan or worker, as a record. */
const env = (plan: { steps: StepPlan[] }) =>
  Object.fromEntries(plan.steps[0]!.container!.env.map((e) => [e.name, e.value]));

describe("a template's sensitive parameters", () => {
  const spec = 'use: [{name: db}]\nsteps:\n  - {run: {image: psql}, shell: psql -c "select 1"}';

  it('are listed by value, longest first, while the plan keeps the real values for the run', () => {
    const plan = planOf(spec);
    expect(plan.sensitive).toEqual([]);
    expect(plan.sensitiveValues).toEqual(['app:hunter22@db', 'hunter22']);
    expect(env(plan)).toEqual({ PGUSER: 'app', PGPASSWORD: 'hunter22', DSN: 'app:hunter22@db' });
  });

  it('are masked wherever they were inlined when the plan is printed', () => {
    const printed = formatPlan(planOf(spec), 'yaml');
    expect(printed).not.toContain('hunter22');
    const parsed = JSON.parse(formatPlan(planOf(spec), 'json')) as Plan;
    expect(env(parsed)).toEqual({ PGUSER: 'app', PGPASSWORD: '***', DSN: '***' });
    expect(parsed.services[0]!.instances[0]!.container.env).toEqual([
      { name: 'POSTGRES_PASSWORD', value: '***' },
    ]);
    expect(parsed.sensitiveValues).toEqual(['***', '***']);
  });

  it("given as the workflow's config, are listed with the value that config resolves to", () => {
    const plan = planOf(
      [
        'config:',
        '  pw: {default: from-default}',
        'use: [{name: db, config: {password: "{{ config.pw }}"}}]',
        'steps:',
        '  - {run: {image: psql}, shell: psql}',
      ].join('\n'),
      { pw: 'given-pw' },
    );
    // `pw` itself is not sensitive, but the template's parameter it feeds is.
    expect(plan.sensitive).toEqual([]);
    expect(plan.sensitiveValues).toEqual(['app:given-pw@db', 'given-pw']);
    expect(env(plan)).toMatchObject({ PGPASSWORD: 'given-pw', DSN: 'app:given-pw@db' });
    const printed = JSON.parse(formatPlan(plan, 'json')) as Plan;
    expect(JSON.stringify(printed)).not.toContain('given-pw');
    expect(printed.config).toEqual({ pw: '***' });
  });

  it("are listed with the workflow's own sensitive values, once each", () => {
    const plan = planOf(
      [
        'config:',
        '  token: {sensitive: true}',
        'use: [{name: db, config: {password: "{{ config.token }}"}}]',
        'steps:',
        '  - {run: {image: psql}, shell: psql}',
        '  - name: again',
        '    template: {name: db, config: {password: "{{ config.token }}"}}',
        '    run: {image: psql}',
      ].join('\n'),
      { token: 'tok-123456' },
    );
    expect(plan.sensitive).toEqual(['token']);
    expect(plan.sensitiveValues).toEqual(['app:tok-123456@db', 'tok-123456']);
  });

  it('never show in names and ids derived from resolved text, nor in messages', () => {
    const named = planOf(
      'use: [{name: db}]\nsteps:\n  - {run: {image: psql}, shell: "login {{ env.DSN }} hunter22"}',
    );
    expect(named.steps[0]).toMatchObject({ name: 'login {{ env.DSN }} ***', id: 'login_env_dsn' });

    const outcome = outcomeOf(
      'config:\n  wait: {sensitive: true}\nsteps:\n  - {run: {image: psql}, shell: psql, timeout: "{{ config.wait }}"}',
      { wait: 'ten-minutes' },
    );
    expect(outcome.diagnostics.map((d) => d.message)).toEqual([
      "'{{ config.wait }}' is '***', which is not a duration such as 1m30s, 500ms or 2h",
    ]);
  });

  it('that depend on instance values have no single text and are not listed', () => {
    const plan = planOf(
      [
        'steps:',
        '  - parallel:',
        '      matrix: {pw: [one-pw, two-pw]}',
        '      use: [{name: creds, config: {password: "{{ matrix.pw }}"}}]',
        '      run: {image: psql}',
        '      shell: psql',
      ].join('\n'),
    );
    const workers = plan.steps[0]!.parallel!.workers;
    expect(workers.map((w) => env(w)['PASSWORD'])).toEqual(['one-pw', 'two-pw']);
    expect(plan.sensitiveValues).toEqual([]);
  });
});
