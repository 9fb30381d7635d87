import { buildPlan } from '../../../src/core/plan/build-plan.js';
import { MAX_CHILD_RUNS } from '../../../src/core/plan/nesting.js';
import type { Plan } from '../../../src/core/plan/model.js';
import { formatDiagnostic, loadWorkflows, type InputFile } from '../../../src/core/spec/index.js';

const workflow = (name: string, body: string, labels = ''): string =>
  `apiVersion: testworkflows.testkube.io/v1
kind: TestWorkflow
metadata:
  name: ${name}
${labels}spec:
${body}`;

const child = (name: string, labels = '') =>
  workflow(
    name,
    `  config:
    browser: { type: string, default: chrome }
    retries: { type: integer, default: 0 }
  steps:
    - name: test
      shell: echo {{ config.browser }} {{ config.retries }}
`,
    labels,
  );

/** Loads `parent.yaml` as the input with `beside` files beside it, and plans the first workflow. */
function plan(parent: string, beside: InputFile[] = [], config: Record<string, string> = {}) {
  const loaded = loadWorkflows([{ path: 'parent.yaml', text: parent }], beside);
  expect(loaded.diagnostics.map(formatDiagnostic)).toEqual([]);
  return buildPlan(loaded.workflows[0]!, { configValues: config, workflows: loaded.library });
}

function planned(parent: string, beside: InputFile[] = [], config: Record<string, string> = {}) {
  const outcome = plan(parent, beside, config);
  if (!outcome.plan) throw new Error(outcome.diagnostics.map(formatDiagnostic).join('\n'));
  return outcome.plan;
}

const problems = (parent: string, beside: InputFile[] = []) => {
  const outcome = plan(parent, beside);
  expect(outcome.plan).toBeUndefined();
  return outcome.diagnostics.map(formatDiagnostic);
};

const runsOf = (p: Plan) => p.steps[0]!.execute!.runs;

describe('execute', () => {
  it('plans each named child with the config the entry gives it, over the parent config and matrix', () => {
    const p = planned(
      workflow(
        'parent',
        `  config:
    tries: { type: integer, default: 2 }
  steps:
    - execute:
        parallelism: 2
        workflows:
          - name: ui
            matrix:
              browser: [chrome, firefox]
            config:
              browser: '{{ matrix.browser }}'
              retries: '{{ config.tries + 1 }}'
          - name: api
`,
      ),
      [{ path: 'ui.yaml', text: child('ui') + '---\n' + child('api') }],
    );
    const step = p.steps[0]!;
    expect(step.name).toBe('Execute ui, api');
    expect(step.execute!.parallelism).toBe(2);
    expect(runsOf(p).map((r) => [r.index, r.name, r.plan.workflow, r.plan.config])).toEqual([
      [0, 'ui #1 (browser=chrome)', 'ui', { browser: 'chrome', retries: 3 }],
      [1, 'ui #2 (browser=firefox)', 'ui', { browser: 'firefox', retries: 3 }],
      [2, 'api #1', 'api', { browser: 'chrome', retries: 0 }],
    ]);
    expect(runsOf(p)[1]!.plan.steps[0]!.container!.shell).toBe('echo firefox 3');
    expect(runsOf(p)[0]!.matrix).toEqual({ browser: 'chrome' });
  });

  it('runs every workflow a selector matches, and takes the nearest of two same-named documents', () => {
    const p = planned(
      workflow(
        'parent',
        `  steps:
    - execute:
        workflows:
          - selector:
              matchLabels: { suite: smoke }
            description: 'smoke {{ index + 1 }}'
`,
      ),
      [
        { path: 'a.yaml', text: child('a', '  labels: { suite: smoke }\n') },
        { path: 'b.yaml', text: child('b', '  labels: { suite: other }\n') },
        { path: 'c.yaml', text: child('c', '  labels: { suite: smoke, tier: fast }\n') },
        { path: 'far/a.yaml', text: child('a', '  labels: { suite: smoke }\n') },
      ],
    );
    expect(runsOf(p).map((r) => [r.name, r.plan.file])).toEqual([
      ['a #1 (smoke 1)', 'a.yaml'],
      ['c #1 (smoke 1)', 'c.yaml'],
    ]);
  });

  it('names a missing workflow and an empty selector with file:line:col', () => {
    expect(
      problems(
        workflow(
          'parent',
          `  steps:
    - execute:
        workflows:
          - name: nowhere
          - selector:
              matchLabels: { suite: none }
          - description: neither
`,
        ),
      ),
    ).toEqual([
      "parent.yaml:9:19 spec.steps[0].execute.workflows[0].name: no TestWorkflow named 'nowhere' among the input files and the YAML files beside them",
      'parent.yaml:11:15 spec.steps[0].execute.workflows[1].selector: no TestWorkflow labelled suite=none among the input files and the YAML files beside them',
      'parent.yaml:12:13 spec.steps[0].execute.workflows[2]: needs the name of a TestWorkflow to run, or a selector',
    ]);
  });

  it('refuses a cycle, naming the chain', () => {
    const a = workflow('a', `  steps:\n    - execute:\n        workflows: [{ name: b }]\n`);
    const b = workflow('b', `  steps:\n    - execute:\n        workflows: [{ name: a }]\n`);
    const found = problems(a, [{ path: 'b.yaml', text: b }]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^b\.yaml:8:21 spec\.steps\[0\]\.execute\.workflows\[0\]: executing 'a' makes a cycle: a → b → a \(in 'b', executed by 'a' at parent\.yaml:8:21\)$/,
    );
  });

  it('refuses a workflow executing itself', () => {
    expect(
      problems(workflow('self', `  steps:\n    - execute:\n        workflows: [{ name: self }]\n`)),
    ).toEqual([
      "parent.yaml:8:21 spec.steps[0].execute.workflows[0]: executing 'self' makes a cycle: self → self",
    ]);
  });

  it('bounds the depth of nesting', () => {
    const chain = Array.from({ length: 8 }, (_, i) =>
      workflow(`w${i}`, `  steps:\n    - execute:\n        workflows: [{ name: w${i + 1} }]\n`),
    );
    chain.push(child('w8'));
    const found = problems(
      chain[0]!,
      chain.slice(1).map((text, i) => ({ path: `w${i + 1}.yaml`, text })),
    );
    expect(
      found.some((d) =>
        d.includes('execute is nested more than 5 levels deep: w0 → w1 → w2 → w3 → w4 → w5 → w6'),
      ),
    ).toBe(true);
  });

  it('bounds the child runs of the whole run', () => {
    const found = problems(
      workflow(
        'parent',
        `  steps:
    - execute:
        workflows:
          - name: ui
            count: ${MAX_CHILD_RUNS + 1}
`,
      ),
      [{ path: 'ui.yaml', text: child('ui') }],
    );
    expect(found).toEqual([
      `parent.yaml:9:13 spec.steps[0].execute.workflows[0]: the run would have more than ${MAX_CHILD_RUNS} child runs in all (execute, over every level); lower count or matrix, or split the workflow`,
    ]);
  });

  it("reports a child's own problems where they are, saying which parent executes it", () => {
    const bad = workflow('bad', `  steps:\n    - name: x\n      shell: 3\n`);
    const found = problems(
      workflow('parent', `  steps:\n    - execute:\n        workflows: [{ name: bad }]\n`),
      [{ path: 'bad.yaml', text: bad }],
    );
    expect(found).toEqual([
      "bad.yaml:8:14 spec.steps[0].shell: must be a string (in 'bad', executed by 'parent' at parent.yaml:8:21)",
      "parent.yaml:8:21 spec.steps[0].execute.workflows[0]: executes TestWorkflow 'bad', which cannot run: see its problems at 'bad.yaml:4:9'",
    ]);
  });

  it('does not plan what a step false before the run would execute, and keeps the step to skip', () => {
    const bad = workflow('bad', `  steps:\n    - name: x\n      shell: 3\n`);
    const parent = workflow(
      'parent',
      `  steps:
    - name: only there
      condition: 'environment.id == "tkcenv_1"'
      execute:
        workflows: [{ name: bad }]
      steps:
        - shell: echo never
    - name: here
      condition: 'environment.id == ""'
      shell: echo here
`,
    );
    const steps = planned(parent, [{ path: 'bad.yaml', text: bad }]).steps;
    expect(steps.map((s) => [s.name, s.condition, s.execute, s.steps.length])).toEqual([
      ['only there', 'false', undefined, 0],
      ['here', 'true', undefined, 0],
    ]);
    // The same step with a condition decided at run time is planned, so its child still refuses.
    const atRunTime = parent.replace('environment.id == "tkcenv_1"', 'env.X == "1"');
    expect(problems(atRunTime, [{ path: 'bad.yaml', text: bad }]).join('\n')).toContain(
      "executes TestWorkflow 'bad', which cannot run",
    );
  });

  it('plans a child that cannot run as a failing child run under a negative or optional step', () => {
    const bad = workflow('bad', `  steps:\n    - name: x\n      shell: 3\n`);
    const parent = (flag: string) =>
      workflow('parent', `  steps:\n    - ${flag}execute:\n        workflows: [{ name: bad }]\n`);
    for (const flag of ['negative: true\n      ', 'optional: true\n      ']) {
      const runs = planned(parent(flag), [{ path: 'bad.yaml', text: bad }]).steps[0]!.execute!.runs;
      expect(runs.map((r) => [r.name, r.plan.workflow, r.plan.steps, r.refused])).toEqual([
        ['bad #1', 'bad', [], ['bad.yaml:8:14 spec.steps[0].shell: must be a string']],
      ]);
    }
    // Without either, the whole workflow is refused before anything runs.
    expect(problems(parent(''), [{ path: 'bad.yaml', text: bad }])).toHaveLength(2);
  });

  it('refuses a config value the child does not declare, in the parent', () => {
    const found = problems(
      workflow(
        'parent',
        `  steps:\n    - execute:\n        workflows: [{ name: ui, config: { colour: red } }]\n`,
      ),
      [{ path: 'ui.yaml', text: child('ui') }],
    );
    expect(found).toEqual([
      "parent.yaml:8:51 spec.steps[0].execute.workflows[0].config.colour: TestWorkflow 'ui' has no config parameter 'colour' (it has: browser, retries)",
    ]);
  });

  it("reports a child's own config check (a required parameter without a value) in the child", () => {
    const needy = workflow(
      'needy',
      `  config:\n    who: { type: string }\n  steps:\n    - shell: echo {{ config.who }}\n`,
    );
    const found = problems(
      workflow('parent', `  steps:\n    - execute:\n        workflows: [{ name: needy }]\n`),
      [{ path: 'needy.yaml', text: needy }],
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^needy\.yaml:\d+:\d+ spec\.config\.who: .*\(in 'needy', executed by 'parent' at parent\.yaml:8:21\)$/,
    );
  });

  it('refuses config that is only known at run time', () => {
    const found = problems(
      workflow(
        'parent',
        `  steps:\n    - execute:\n        workflows: [{ name: ui, config: { browser: '{{ env.B }}' } }]\n`,
      ),
      [{ path: 'ui.yaml', text: child('ui') }],
    );
    expect(found).toEqual([
      "parent.yaml:8:52 spec.steps[0].execute.workflows[0].config.browser: config 'browser' must be known before the run, but '{{ env.B }}' refers to env, known only at run time",
    ]);
  });

  it("carries the children's sensitive values into the parent's masking", () => {
    const secret = workflow(
      'secret',
      `  config:\n    token: { type: string, default: s3cr3t-value, sensitive: true }\n  steps:\n    - shell: echo hi\n`,
    );
    const p = planned(
      workflow('parent', `  steps:\n    - execute:\n        workflows: [{ name: secret }]\n`),
      [{ path: 'secret.yaml', text: secret }],
    );
    expect(p.sensitiveValues).toEqual(['s3cr3t-value']);
  });

  it('refuses legacy tests, tarballs and runner targets by name', () => {
    const loaded = loadWorkflows([
      {
        path: 'p.yaml',
        text: workflow(
          'p',
          `  steps:
    - execute:
        tests: [{ name: old }]
        workflows:
          - name: x
            tarball: { a: { from: /data } }
            target: { match: { name: [r1] } }
`,
        ),
      },
    ]);
    expect(loaded.diagnostics.map((d) => d.message)).toEqual([
      "'tests' is not supported by Shakedown (Testkube field); legacy Testkube Tests live in Testkube's control plane; execute TestWorkflows instead",
      "'tarball' is not supported by Shakedown (Testkube field); it serves the parent's files to the child through Testkube's toolkit; give the child content.files or content.git",
      "'target' is not supported by Shakedown (Testkube field); it picks a Testkube runner agent; child runs go into the parent run's namespace",
    ]);
  });

  it('refuses execute beside a container in one step', () => {
    expect(
      problems(
        workflow(
          'parent',
          `  steps:\n    - shell: echo\n      execute:\n        workflows: [{ name: ui }]\n`,
        ),
        [{ path: 'ui.yaml', text: child('ui') }],
      ),
    ).toEqual([
      'parent.yaml:9:9 spec.steps[0].execute: a step cannot both run a container and execute workflows; put execute in a step of its own',
    ]);
  });
});
