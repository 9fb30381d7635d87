import { formatDiagnostic, loadWorkflows } from '../../../src/core/spec/index.js';
import { workflow } from './helpers.js';

const template = (name: string, spec: string) =>
  workflow(spec, name).replace('kind: TestWorkflow', 'kind: TestWorkflowTemplate');

function resolve(wf: string, ...templates: string[]) {
  const result = loadWorkflows([
    { path: 'wf.yaml', text: wf },
    ...templates.map((text, i) => ({ path: `t${i}.yaml`, text })),
  ]);
  return {
    messages: result.diagnostics.map(formatDiagnostic),
    spec: result.workflows[0]?.workflow.spec,
  };
}

describe('services.NAME.use', () => {
  const pg = template(
    'pg',
    [
      'config:',
      '  version: {type: string, default: "16"}',
      'pod:',
      '  labels: {from: template, kind: db}',
      'container:',
      '  image: "postgres:{{ config.version }}"',
      '  env:',
      '    - {name: POSTGRES_PASSWORD, value: secret}',
      '    - {name: POSTGRES_DB, value: template}',
    ].join('\n'),
  );

  it("merges the template's pod and container under the service's own, config applied", () => {
    const wf = workflow(
      [
        'services:',
        '  db:',
        '    use:',
        '      - name: pg',
        '        config: {version: "15"}',
        '    env:',
        '      - {name: POSTGRES_DB, value: own}',
        '    pod:',
        '      labels: {kind: service}',
        '    readinessProbe: {tcpSocket: {port: 5432}}',
        'steps:',
        '  - shell: echo',
      ].join('\n'),
    );
    const { spec, messages } = resolve(wf, pg);
    expect(messages).toEqual([]);
    const db = spec!.services!.db!;
    expect(db.use).toBeUndefined();
    expect(db.image).toBe('postgres:15');
    expect(db.env).toEqual([
      { name: 'POSTGRES_PASSWORD', value: 'secret' },
      { name: 'POSTGRES_DB', value: 'own' },
    ]);
    expect(db.pod?.labels).toEqual({ from: 'template', kind: 'service' });
    expect(db.readinessProbe).toEqual({ tcpSocket: { port: 5432 } });
  });

  it('works for services declared on a step too', () => {
    const wf = workflow(
      'steps:\n  - shell: echo\n    services:\n      db:\n        use:\n          - name: pg',
    );
    const { spec, messages } = resolve(wf, pg);
    expect(messages).toEqual([]);
    expect(spec!.steps![0]!.services!.db!.image).toBe('postgres:16');
  });

  it('refuses a template with steps or services, as Testkube does', () => {
    const withSteps = template('with-steps', 'steps:\n  - shell: echo');
    const withServices = template('with-services', 'services:\n  x:\n    image: redis');
    const wf = workflow(
      'services:\n  a:\n    use: [{name: with-steps}]\n  b:\n    use: [{name: with-services}]\nsteps:\n  - shell: echo',
    );
    expect(resolve(wf, withSteps, withServices).messages).toEqual([
      "wf.yaml:8:20 spec.services.a.use[0].name: template 'with-steps' has steps, which a service cannot use",
      "wf.yaml:10:20 spec.services.b.use[0].name: template 'with-services' has services, which a service cannot use",
    ]);
  });

  it('names a template that does not exist', () => {
    const wf = workflow(
      'services:\n  a:\n    image: x\n    use: [{name: nope}]\nsteps:\n  - shell: echo',
    );
    expect(resolve(wf).messages).toEqual([expect.stringContaining("template 'nope' not found")]);
  });
});
