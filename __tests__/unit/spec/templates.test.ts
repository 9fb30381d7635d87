import { formatDiagnostic, loadWorkflows, type InputFile } from '../../../src/core/spec/index.js';
import { workflow } from './helpers.js';

const template = (name: string, spec: string) =>
  workflow(spec, name).replace('kind: TestWorkflow', 'kind: TestWorkflowTemplate');

function resolve(wf: string, ...templates: string[]) {
  const files: InputFile[] = [
    { path: 'wf.yaml', text: wf },
    ...templates.map((text, i) => ({ path: `t${i}.yaml`, text })),
  ];
  const result = loadWorkflows(files);
  return {
    ...result,
    messages: result.diagnostics.map(formatDiagnostic),
    spec: result.workflows[0]?.workflow.spec,
  };
}

const names = (steps?: { name?: string }[]) => (steps ?? []).map((s) => s.name);

describe('spec.use', () => {
  const a = template(
    'a',
    'setup:\n  - name: a-setup\nsteps:\n  - name: a-step\nafter:\n  - name: a-after',
  );
  const b = template(
    'b',
    'setup:\n  - name: b-setup\nsteps:\n  - name: b-step\nafter:\n  - name: b-after',
  );
  const wf = workflow(
    'use:\n  - name: a\n  - name: b\nsetup:\n  - name: own-setup\nsteps:\n  - name: own-step\nafter:\n  - name: own-after',
  );

  it("prepends setup and steps, appends after, use[0] outermost (Testkube's order)", () => {
    const { spec, messages } = resolve(wf, a, b);
    expect(messages).toEqual([]);
    expect(spec?.use).toBeUndefined();
    expect(names(spec?.setup)).toEqual(['a-setup', 'b-setup', 'own-setup']);
    expect(names(spec?.steps)).toEqual(['a-step', 'b-step', 'own-step']);
    expect(names(spec?.after)).toEqual(['own-after', 'b-after', 'a-after']);
  });

  it('merges container, pod, content and services, the workflow winning', () => {
    const tpl = template(
      'base',
      [
        'container:',
        '  image: node:20',
        '  workingDir: /data',
        '  env: [{name: A, value: from-template}, {name: B, value: b}]',
        'pod:',
        '  labels: {team: tpl, tier: test}',
        '  volumes: [{name: v1, emptyDir: {}}]',
        'content:',
        '  files: [{path: /data/t, content: t}]',
        '  git: {uri: https://tpl}',
        'services:',
        '  db: {image: postgres:14}',
        '  cache: {image: redis:7}',
        'job:',
        '  activeDeadlineSeconds: 100',
      ].join('\n'),
    );
    const own = workflow(
      [
        'use: [{name: base}]',
        'container:',
        '  env: [{name: A, value: from-workflow}]',
        'pod:',
        '  labels: {team: own}',
        '  volumes: [{name: v2, emptyDir: {}}]',
        'content:',
        '  files: [{path: /data/o, content: o}]',
        '  git: {uri: https://own}',
        'services:',
        '  db: {image: postgres:15}',
        'steps:',
        '  - shell: echo',
      ].join('\n'),
    );
    const { spec, messages } = resolve(own, tpl);
    expect(messages).toEqual([]);
    expect(spec?.container).toEqual({
      image: 'node:20',
      workingDir: '/data',
      env: [
        { name: 'B', value: 'b' },
        { name: 'A', value: 'from-workflow' },
      ],
    });
    expect(spec?.pod).toEqual({
      labels: { team: 'own', tier: 'test' },
      volumes: [
        { name: 'v1', emptyDir: {} },
        { name: 'v2', emptyDir: {} },
      ],
    });
    expect(spec?.content).toEqual({
      files: [
        { path: '/data/t', content: 't' },
        { path: '/data/o', content: 'o' },
      ],
      git: { uri: 'https://own' },
    });
    expect(spec?.services).toEqual({ db: { image: 'postgres:15' }, cache: { image: 'redis:7' } });
    expect(spec?.job).toEqual({ activeDeadlineSeconds: 100 });
  });

  it("finds Testkube's `official/name` spelling as `official--name`", () => {
    const tpl = template('official--k6', 'steps:\n  - name: k6');
    const { spec, messages } = resolve(workflow('use: [{name: official/k6}]'), tpl);
    expect(messages).toEqual([]);
    expect(names(spec?.steps)).toEqual(['k6']);
  });
});

describe('template config', () => {
  const tpl = template(
    'tool',
    [
      'config:',
      '  version: {type: string, default: "1.0"}',
      '  workers: {type: integer, default: 2}',
      '  enabled: {type: boolean, default: true}',
      '  query: {type: string}',
      'steps:',
      '  - name: run {{ config.version }}',
      '    condition: config.enabled && passed',
      '    shell: tool --q {{ shellquote(config.query) }} --home {{ env.HOME }} {{ services.db.0.ip }}',
      '    parallel:',
      '      count: config.workers + 1',
      '      maxCount: config.workers * 2',
      '      shell: echo {{ index }}',
    ].join('\n'),
  );

  it('applies given values and defaults, typed, keeping run-time variables', () => {
    const wf = workflow('use:\n  - name: tool\n    config: {workers: "3", query: select 1}');
    const { spec, messages } = resolve(wf, tpl);
    expect(messages).toEqual([]);
    const [step] = spec?.steps ?? [];
    expect(step.name).toBe('run 1.0');
    expect(step.condition).toBe('passed');
    expect(step.shell).toBe("tool --q 'select 1' --home {{ env.HOME }} {{ services.db.0.ip }}");
    expect(step.parallel?.count).toBe(4);
    expect(step.parallel?.maxCount).toBe(6);
    expect(step.parallel?.shell).toBe('echo {{ index }}');
  });

  it("substitutes a value holding the workflow's own config as an expression", () => {
    const wf = workflow(
      'config:\n  table: {default: visits}\nuse:\n  - name: tool\n    config:\n      query: "select * from {{ config.table }}"\n      enabled: "{{ config.table != \'\' }}"',
    );
    const { spec, messages } = resolve(wf, tpl);
    expect(messages).toEqual([]);
    const [step] = spec?.steps ?? [];
    expect(step.shell).toBe(
      'tool --q {{ shellquote("select * from " + config.table) }} --home {{ env.HOME }} {{ services.db.0.ip }}',
    );
    expect(step.condition).toBe('config.table != "" && passed');
    expect(spec?.config).toEqual({ table: { default: 'visits' } });
  });

  it('puts a value given as a whole secret() into a shell script as written, for the planner', () => {
    const direct = template(
      'direct',
      'config:\n  t: {type: string}\nsteps:\n  - shell: login {{ config.t }} {{ config.t }}',
    );
    const used = resolve(
      workflow(`use:\n  - name: direct\n    config:\n      t: '{{ secret("api", "token") }}'`),
      direct,
    );
    expect(used.messages).toEqual([]);
    expect(used.spec?.steps?.[0]?.shell).toBe(
      'login {{ secret("api", "token") }} {{ secret("api", "token") }}',
    );
    // Inside another expression it would need the value here: still refused by name.
    const quoted = resolve(
      workflow(`use:\n  - name: tool\n    config:\n      query: '{{ secret("api", "token") }}'`),
      tpl,
    );
    expect(quoted.messages.join('\n')).toContain("function 'secret' is not supported");
  });

  it('reports unknown, missing and invalid values at the use', () => {
    const wf = workflow(
      'use:\n  - name: tool\n    config: {workers: many, verison: "2"}\nsteps:\n  - shell: echo',
    );
    expect(resolve(wf, tpl).messages).toEqual([
      "wf.yaml:7:13 spec.use[0].name: template 'tool' needs config 'query' (it has no default)",
      "wf.yaml:8:25 spec.use[0].config.workers: 'many' is not an integer (expected e.g. 3)",
      "wf.yaml:8:40 spec.use[0].config.verison: template 'tool' has no config parameter 'verison' (did you mean 'version'?)",
    ]);
  });

  it('reports a template referring to config it does not define, in the template', () => {
    const bad = template('bad', 'steps:\n  - shell: echo {{ config.missing }}');
    const { messages } = resolve(workflow('use: [{name: bad}]'), bad);
    expect(messages).toEqual([
      "t0.yaml:7:14 spec.steps[0].shell: unknown variable 'config.missing' (applying the config of template 'bad')",
    ]);
  });
});

describe('sensitive template parameters', () => {
  const db = template(
    'db',
    [
      'config:',
      '  user: {default: app}',
      '  password: {sensitive: true, default: hunter22}',
      '  dsn: {sensitive: true, default: "{{ config.user }}:{{ config.password }}@db"}',
      'container:',
      '  env:',
      '    - {name: PGUSER, value: "{{ config.user }}"}',
      '    - {name: PGPASSWORD, value: "{{ config.password }}"}',
      '    - {name: DSN, value: "{{ config.dsn }}"}',
    ].join('\n'),
  );

  it('keeps their values, which applying the template inlines, for the planner to mask', () => {
    const { workflows, messages } = resolve(
      workflow('use: [{name: db}]\nsteps:\n  - shell: echo'),
      db,
    );
    expect(messages).toEqual([]);
    const [loaded] = workflows;
    expect(loaded.workflow.spec.container?.env?.map((e) => e.value)).toEqual([
      'app',
      'hunter22',
      'app:hunter22@db',
    ]);
    // Not `user`: only parameters marked sensitive; defaults built from others resolved.
    expect(loaded.sensitiveValues).toEqual(['hunter22', 'app:hunter22@db']);
  });

  it('keeps a value given by the workflow, as written, also when it refers to its config', () => {
    const wf = workflow(
      [
        'config:',
        '  pw: {default: from-workflow}',
        'use: [{name: db, config: {password: "{{ config.pw }}"}}]',
        'steps:',
        '  - template: {name: db, config: {password: literal-pw}}',
      ].join('\n'),
    );
    const { workflows, spec, messages } = resolve(wf, db);
    expect(messages).toEqual([]);
    // spec.use is applied before the steps' templates.
    expect(workflows[0].sensitiveValues).toEqual([
      '{{ config.pw }}',
      'app:{{ config.pw }}@db',
      'literal-pw',
      'app:literal-pw@db',
    ]);
    // A default built on it refers to the workflow's config too, not to its own text.
    expect(spec?.container?.env?.find((e) => e.name === 'DSN')?.value).toBe(
      '{{ "app:" + config.pw + "@db" }}',
    );
  });

  it('has none without templates, or when none of their parameters is sensitive', () => {
    const plain = template('plain', 'config:\n  a: {default: x}\nsteps:\n  - shell: echo');
    expect(resolve(workflow('use: [{name: plain}]'), plain).workflows[0].sensitiveValues).toEqual(
      [],
    );
  });
});

describe('step templates', () => {
  it('step.use merges defaults and wraps the own sub-steps', () => {
    const tpl = template(
      'wrap',
      'container: {image: node}\nsetup:\n  - name: t-setup\nsteps:\n  - name: t-step\nafter:\n  - name: t-after',
    );
    const wf = workflow(
      'steps:\n  - name: own\n    use: [{name: wrap}]\n    shell: npm test\n    steps:\n      - name: own-sub',
    );
    const { spec, messages } = resolve(wf, tpl);
    expect(messages).toEqual([]);
    const [step] = spec?.steps ?? [];
    expect(step.container).toEqual({ image: 'node' });
    // The setup runs before the step's own operation, which therefore becomes a sub-step.
    expect(step.shell).toBeUndefined();
    expect(step.steps?.map((s) => s.name ?? s.shell)).toEqual([
      't-setup',
      'npm test',
      't-step',
      'own-sub',
      't-after',
    ]);
  });

  it('step.template splices plain steps and groups steps that bring defaults', () => {
    const plain = template('plain', 'steps:\n  - name: p1\n  - name: p2');
    const boxed = template('boxed', 'container: {image: node}\nsteps:\n  - name: b1');
    const wf = workflow(
      'steps:\n  - name: s\n    template: {name: plain}\n  - name: t\n    template: {name: boxed}\n    steps:\n      - name: own',
    );
    const { spec, messages } = resolve(wf, plain, boxed);
    expect(messages).toEqual([]);
    expect(names(spec?.steps?.[0].steps)).toEqual(['p1', 'p2']);
    const [group, own] = spec?.steps?.[1].steps ?? [];
    expect(group).toEqual({ container: { image: 'node' }, steps: [{ name: 'b1' }] });
    expect(own.name).toBe('own');
  });

  it('parallel.template becomes the first step of every worker, with the operation fields', () => {
    const tpl = template('t', 'steps:\n  - name: from-template');
    const wf = workflow(
      'steps:\n  - parallel:\n      count: 2\n      template: {name: t}\n      timeout: 1m\n      steps:\n        - name: own',
    );
    const { spec, messages } = resolve(wf, tpl);
    expect(messages).toEqual([]);
    const parallel = spec?.steps?.[0].parallel;
    expect(parallel?.timeout).toBeUndefined();
    expect(parallel?.steps).toEqual([
      { timeout: '1m', steps: [{ name: 'from-template' }] },
      { name: 'own' },
    ]);
  });

  it('flattens spec steps that are only a group, as Testkube does', () => {
    const wf = workflow('steps:\n  - steps:\n      - name: a\n      - name: b\n  - name: c');
    expect(names(resolve(wf).spec?.steps)).toEqual(['a', 'b', 'c']);
  });
});

describe('template errors', () => {
  it('names unknown templates with a suggestion or the known ones', () => {
    const tpl = template('postgres', 'steps:\n  - shell: echo');
    const wf = workflow('use: [{name: postgress}]\nsteps:\n  - template: {name: mysql}');
    expect(resolve(wf, tpl).messages).toEqual([
      "wf.yaml:6:16 spec.use[0].name: template 'postgress' not found (did you mean 'postgres'?)",
      "wf.yaml:8:24 spec.steps[0].template.name: template 'mysql' not found (known templates: postgres)",
    ]);
    expect(resolve(workflow('use: [{name: x}]')).messages).toEqual([
      "wf.yaml:6:16 spec.use[0].name: template 'x' not found; give the file holding its TestWorkflowTemplate document as an input too",
    ]);
  });

  it('refuses a workflow whose template has errors, pointing to the template file', () => {
    const broken = template('broken', 'steps:\n  - shel: echo');
    const { messages, workflows } = resolve(workflow('use: [{name: broken}]'), broken);
    expect(workflows).toEqual([]);
    expect(messages).toEqual([
      "t0.yaml:7:7 spec.steps[0].shel: unknown field 'shel' (did you mean 'shell'?)",
      "wf.yaml:6:16 spec.use[0].name: template 'broken' has errors (see t0.yaml)",
    ]);
  });

  it('takes templates from files beside the inputs without reporting on those files', () => {
    const wf = { path: 'wf.yaml', text: workflow('use: [{name: t}]') };
    const beside = [
      { path: 'other.yaml', text: 'not: [a workflow' },
      { path: 't.yaml', text: template('t', 'steps:\n  - shell: echo') },
    ];
    const result = loadWorkflows([wf], beside);
    expect(result.diagnostics).toEqual([]);
    expect(result.workflows[0].workflow.spec.steps).toEqual([{ shell: 'echo' }]);
    expect(result.documents.map((d) => d.file)).toEqual(['wf.yaml']);
  });
});

describe('positions after resolution', () => {
  it('locates template parts in the template file and own parts in the workflow', () => {
    const tpl = template(
      't',
      'container:\n  image: node\nsteps:\n  - name: from-template\n    shell: echo t',
    );
    const wf = workflow(
      'use: [{name: t}]\ncontainer:\n  workingDir: /data\nsteps:\n  - name: own\n    shell: echo own',
    );
    const [loaded] = loadWorkflows([
      { path: 'wf.yaml', text: wf },
      { path: 't.yaml', text: tpl },
    ]).workflows;
    expect(loaded.locate('spec.steps[0].shell')).toEqual({ file: 't.yaml', line: 10, column: 14 });
    expect(loaded.locate('spec.steps[1].shell')).toEqual({ file: 'wf.yaml', line: 11, column: 14 });
    expect(loaded.locate('spec.container.image')).toEqual({ file: 't.yaml', line: 7, column: 12 });
    expect(loaded.locate('spec.container.workingDir')).toEqual({
      file: 'wf.yaml',
      line: 8,
      column: 17,
    });
    expect(loaded.locate('spec.steps[0].timeout')).toEqual({ file: 't.yaml', line: 9, column: 7 });
  });
});
