import schema from '../../../schema/testworkflow.schema.json' with { type: 'json' };
import { formatDiagnostic, loadWorkflows } from '../../../src/core/spec/index.js';
import { workflow } from './helpers.js';

const problems = (text: string) =>
  loadWorkflows([{ path: 'w.yaml', text }]).diagnostics.map(formatDiagnostic);

/** Where an object of each schema definition sits in a small valid document (YAML, spec level). */
const PLACES: Record<
  string,
  { yaml: (field: string) => string; path: string; template?: boolean }
> = {
  metadata: { yaml: () => 'steps:\n  - shell: echo', path: 'metadata' },
  workflowSpec: { yaml: (f) => `${f}: {}\nsteps:\n  - shell: echo`, path: 'spec' },
  templateSpec: { yaml: (f) => `${f}: {}\nsteps:\n  - shell: echo`, path: 'spec', template: true },
  step: { yaml: (f) => `steps:\n  - shell: echo\n    ${f}: {}`, path: 'spec.steps[0]' },
  parallel: {
    yaml: (f) => `steps:\n  - parallel:\n      count: 2\n      shell: echo\n      ${f}: {}`,
    path: 'spec.steps[0].parallel',
  },
  service: {
    yaml: (f) => `services:\n  db:\n    image: x\n    ${f}: {}\nsteps:\n  - shell: echo`,
    path: 'spec.services.db',
  },
  content: { yaml: (f) => `content:\n  ${f}: {}\nsteps:\n  - shell: echo`, path: 'spec.content' },
  git: {
    yaml: (f) => `content:\n  git:\n    uri: https://x\n    ${f}: {}\nsteps:\n  - shell: echo`,
    path: 'spec.content.git',
  },
  job: { yaml: (f) => `job:\n  ${f}: {}\nsteps:\n  - shell: echo`, path: 'spec.job' },
  pod: { yaml: (f) => `pod:\n  ${f}: {}\nsteps:\n  - shell: echo`, path: 'spec.pod' },
  execution: {
    yaml: (f) => `execution:\n  ${f}: {}\nsteps:\n  - shell: echo`,
    path: 'spec.execution',
  },
  envVar: {
    yaml: (f) => `container:\n  env:\n    - name: A\n      ${f}: {}\nsteps:\n  - shell: echo`,
    path: 'spec.container.env[0]',
  },
  artifacts: {
    yaml: (f) => `steps:\n  - shell: echo\n    artifacts:\n      paths: [x]\n      ${f}: {}`,
    path: 'spec.steps[0].artifacts',
  },
  parameter: {
    yaml: (f) => `config:\n  p:\n    ${f}: {}\nsteps:\n  - shell: echo`,
    path: 'spec.config.p',
  },
  execute: {
    yaml: (f) => `steps:\n  - execute:\n      workflows: [{name: x}]\n      ${f}: {}`,
    path: 'spec.steps[0].execute',
  },
  executeWorkflow: {
    yaml: (f) => `steps:\n  - execute:\n      workflows:\n        - name: x\n          ${f}: {}`,
    path: 'spec.steps[0].execute.workflows[0]',
  },
};

type Definition = { properties?: Record<string, { $ref?: string }> };
const definitions = schema.definitions as Record<string, Definition>;
const refused = Object.entries(definitions).flatMap(([name, def]) =>
  Object.entries(def.properties ?? {})
    .filter(([, p]) => p.$ref === '#/definitions/unsupported')
    .map(([field]) => [name, field] as const),
);

function documentWith(definition: string, field: string): string {
  const place = PLACES[definition];
  if (definition === 'metadata') {
    return workflow(place.yaml(field)).replace('  name: wf\n', `  name: wf\n  ${field}: {}\n`);
  }
  const text = workflow(place.yaml(field));
  return place.template ? text.replace('kind: TestWorkflow', 'kind: TestWorkflowTemplate') : text;
}

describe('refused Testkube fields', () => {
  it('knows where every definition with refused fields sits', () => {
    const withRefused = [...new Set(refused.map(([d]) => d))].sort();
    expect(withRefused.filter((d) => !PLACES[d])).toEqual([]);
    expect(refused.length).toBeGreaterThan(40);
  });

  it.each(refused)('%s.%s is refused by name', (definition, field) => {
    const found = problems(documentWith(definition, field));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      new RegExp(
        `^w\\.yaml:\\d+:\\d+ ${PLACES[definition].path.replace(/[.[\]]/g, '\\$&')}\\.${field}: '${field}' is not supported by Shakedown \\(Testkube field\\)`,
      ),
    );
  });

  it('points at the refused key', () => {
    expect(problems(workflow('steps:\n  - shell: echo\n    paused: true'))).toEqual([
      "w.yaml:8:7 spec.steps[0].paused: 'paused' is not supported by Shakedown (Testkube field)",
    ]);
  });

  it('says templates cannot use templates', () => {
    const text = workflow('use:\n  - name: x\nsteps:\n  - shell: echo').replace(
      'kind: TestWorkflow',
      'kind: TestWorkflowTemplate',
    );
    expect(problems(text)).toEqual([
      'w.yaml:6:3 spec.use: a TestWorkflowTemplate cannot use other templates (Testkube does not allow it either)',
    ]);
    const nested = workflow(
      'steps:\n  - template: {name: x}\n  - parallel:\n      count: 1\n      use: [{name: other}]',
    ).replace('kind: TestWorkflow', 'kind: TestWorkflowTemplate');
    expect(problems(nested)).toEqual([
      "w.yaml:7:7 spec.steps[0].template: a step of a TestWorkflowTemplate cannot include templates ('template'); Testkube does not allow it either",
      "w.yaml:10:9 spec.steps[1].parallel.use: a step of a TestWorkflowTemplate cannot include templates ('use'); Testkube does not allow it either",
    ]);
  });
});

describe('schema messages', () => {
  it('suggests the closest field for a typo, but not a refused one', () => {
    expect(
      problems(workflow('steps:\n  - shell: echo\n    retyr: {count: 1}\n    pausd: 1')),
    ).toEqual([
      "w.yaml:8:7 spec.steps[0].retyr: unknown field 'retyr' (did you mean 'retry'?)",
      "w.yaml:9:7 spec.steps[0].pausd: unknown field 'pausd'",
    ]);
  });

  it('names the expected type, with or instead of union types', () => {
    expect(
      problems(
        workflow(
          'steps:\n  - parallel:\n      count: [2]\n      parallelism: "2"\n      failFast: 1\n      shell: echo',
        ),
      ),
    ).toEqual([
      'w.yaml:8:16 spec.steps[0].parallel.count: must be an integer or a string',
      'w.yaml:9:22 spec.steps[0].parallel.parallelism: must be an integer',
      'w.yaml:10:19 spec.steps[0].parallel.failFast: must be a boolean (true or false)',
    ]);
  });

  it('lists allowed values and bounds', () => {
    expect(
      problems(
        workflow(
          'services:\n  db:\n    image: x\n    restartPolicy: Always\nsteps:\n  - shell: echo\n    retry: {count: 0}',
        ),
      ),
    ).toEqual([
      'w.yaml:9:22 spec.services.db.restartPolicy: must be one of: OnFailure, Never',
      'w.yaml:12:22 spec.steps[0].retry.count: must be 1 or more',
    ]);
  });

  it('reports a missing field at its parent', () => {
    expect(
      problems('apiVersion: testworkflows.testkube.io/v1\nkind: TestWorkflow\nmetadata: {}\n'),
    ).toEqual(['w.yaml:1:1 spec: is required', 'w.yaml:3:11 metadata.name: is required']);
  });

  it('checks durations', () => {
    const ok = workflow(
      'steps:\n  - shell: echo\n    timeout: 1h30m5s\n    delay: 500ms\n  - shell: echo\n    timeout: "{{ config.t }}"',
    );
    expect(problems(ok)).toEqual([]);
    expect(problems(workflow('steps:\n  - shell: echo\n    timeout: 10\n    delay: 1.5s'))).toEqual(
      [
        'w.yaml:8:16 spec.steps[0].timeout: must be a string',
        'w.yaml:9:14 spec.steps[0].delay: must be a duration such as 30s, 5m, 1h30m or 500ms',
      ],
    );
  });

  it('accepts parallel.maxCount as a number or an expression, but not on a service', () => {
    const parallel = (maxCount: string) =>
      workflow(
        `steps:\n  - parallel:\n      maxCount: ${maxCount}\n      shards: {f: [a, b]}\n      shell: echo`,
      );
    expect(problems(parallel('3'))).toEqual([]);
    expect(problems(parallel('config.n + 1'))).toEqual([]);
    expect(problems(parallel('-1'))).toEqual([
      'w.yaml:8:19 spec.steps[0].parallel.maxCount: must be 0 or more',
    ]);
    expect(problems(parallel('config.n +'))).toEqual([
      "w.yaml:8:29 spec.steps[0].parallel.maxCount: unexpected end of expression, expected a value in expression 'config.n +'",
    ]);
    expect(
      problems(workflow('services:\n  db: {image: x, maxCount: 2}\nsteps:\n  - shell: echo')),
    ).toEqual([
      "w.yaml:7:20 spec.services.db.maxCount: 'maxCount' is not supported by Shakedown (Testkube field); a service takes count (maxCount is for parallel shards)",
    ]);
  });

  it('accepts Kubernetes server fields in metadata and status', () => {
    const text = workflow('steps:\n  - shell: echo').replace(
      '  name: wf\n',
      '  name: wf\n  uid: 1234\n  resourceVersion: "5"\n  generation: 2\n',
    );
    expect(problems(`${text}status:\n  latestExecution: {}\n`)).toEqual([]);
  });
});

describe('refused Testkube values', () => {
  it("content.git.authType 'github' is refused by name, with the reason", () => {
    const text = workflow(
      'content:\n  git:\n    uri: https://x\n    authType: github\nsteps:\n  - shell: echo',
    );
    expect(problems(text)).toEqual([
      "w.yaml:9:17 spec.content.git.authType: 'github' is not supported by Shakedown (Testkube value); needs Testkube's control plane (it holds the GitHub App credentials); use basic or header with tokenFrom",
    ]);
  });
});
