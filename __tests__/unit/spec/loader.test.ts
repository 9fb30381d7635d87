import { formatDiagnostic, loadWorkflows, type Diagnostic } from '../../../src/core/spec/index.js';
import { MAX_FILE_CHARS } from '../../../src/core/spec/parse.js';
import { HEADER, workflow } from './helpers.js';

const load = (text: string, path = 'w.yaml') => loadWorkflows([{ path, text }]);
const messages = (ds: Diagnostic[]) => ds.map(formatDiagnostic);

describe('loadWorkflows', () => {
  it('loads several documents of one file, workflows and templates', () => {
    const text = [
      workflow('steps:\n  - shell: echo a', 'a'),
      workflow('steps:\n  - shell: echo b', 'b'),
      'apiVersion: testworkflows.testkube.io/v1\nkind: TestWorkflowTemplate\nmetadata:\n  name: t\nspec:\n  steps:\n    - shell: echo t\n',
    ].join('---\n');
    const result = load(text);
    expect(result.diagnostics).toEqual([]);
    expect(result.workflows.map((w) => [w.name, w.file])).toEqual([
      ['a', 'w.yaml'],
      ['b', 'w.yaml'],
    ]);
    expect(result.documents.map((d) => `${d.kind}/${d.name}/${d.valid}`)).toEqual([
      'TestWorkflow/a/true',
      'TestWorkflow/b/true',
      'TestWorkflowTemplate/t/true',
    ]);
  });

  it('ignores empty documents but refuses a file with none', () => {
    expect(load(`---\n${workflow('steps:\n  - shell: echo')}---\n`).diagnostics).toEqual([]);
    expect(messages(load('# only a comment\n').diagnostics)).toEqual([
      'w.yaml:1:1 file holds no YAML document (expected a TestWorkflow or TestWorkflowTemplate)',
    ]);
  });

  it('names the kind and apiVersion of documents it does not read', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\nkind: TestWorkflow\n';
    expect(messages(load(text).diagnostics)).toEqual([
      "w.yaml:2:7 kind: unsupported document (kind 'ConfigMap', apiVersion 'v1'); expected kind TestWorkflow or TestWorkflowTemplate with apiVersion testworkflows.testkube.io/v1",
      "w.yaml:6:1 apiVersion: unsupported document (kind 'TestWorkflow', apiVersion (missing)); expected kind TestWorkflow or TestWorkflowTemplate with apiVersion testworkflows.testkube.io/v1",
    ]);
  });

  it('reports YAML syntax errors with their position and keeps the other documents', () => {
    const text = `${workflow('steps:\n  - shell: echo ok', 'good')}---\nkey: [unclosed\n`;
    const result = load(text);
    expect(result.workflows.map((w) => w.name)).toEqual(['good']);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ file: 'w.yaml', line: 10, path: '' });
    expect(result.diagnostics[0].message).toMatch(/^invalid YAML: /);
  });

  it('reports duplicate keys', () => {
    const text = workflow('steps:\n  - shell: a\n    shell: b');
    expect(messages(load(text).diagnostics)).toEqual([
      'w.yaml:8:7 invalid YAML: Map keys must be unique',
    ]);
  });

  it('refuses the same workflow name twice, across files, pointing at the first', () => {
    const a = workflow('steps:\n  - shell: echo', 'same');
    const result = loadWorkflows([
      { path: 'a.yaml', text: a },
      { path: 'b.yaml', text: a },
    ]);
    expect(messages(result.diagnostics)).toEqual([
      "b.yaml:4:9 metadata.name: TestWorkflow 'same' is already defined at a.yaml:4:9",
    ]);
    expect(result.workflows.map((w) => w.file)).toEqual(['a.yaml']);
  });

  it('allows a template and a workflow to share a name', () => {
    const tpl = workflow('steps:\n  - shell: echo', 'same').replace(
      'kind: TestWorkflow',
      'kind: TestWorkflowTemplate',
    );
    const result = load(`${workflow('steps:\n  - shell: echo', 'same')}---\n${tpl}`);
    expect(result.diagnostics).toEqual([]);
  });

  it('refuses a workflow without steps', () => {
    expect(messages(load(workflow('container:\n  image: x')).diagnostics)).toEqual([
      'w.yaml:6:3 spec: has no steps to run (spec.steps is empty, templates included)',
    ]);
  });

  it('reads YAML 1.1 like Kubernetes: octal modes and yes/no booleans', () => {
    const text = workflow(
      'content:\n  files:\n    - path: /data/x\n      mode: 0755\nsteps:\n  - shell: echo\n    optional: yes',
    );
    const [wf] = load(text).workflows;
    expect(wf.workflow.spec.content?.files?.[0].mode).toBe(0o755);
    expect(wf.workflow.spec.steps?.[0].optional).toBe(true);
  });

  it('sorts all diagnostics by file and position', () => {
    const result = loadWorkflows([
      { path: 'b.yaml', text: workflow('steps:\n  - shell: 1\n  - shell: 2', 'b') },
      { path: 'a.yaml', text: workflow('steps:\n  - rnu: 1', 'a') },
    ]);
    expect(result.diagnostics.map((d) => `${d.file}:${d.line}`)).toEqual([
      'a.yaml:7',
      'b.yaml:7',
      'b.yaml:8',
    ]);
  });

  describe('never throws on hostile input', () => {
    it('refuses files over the size limit without parsing them', () => {
      const text = `${HEADER}# ${'x'.repeat(MAX_FILE_CHARS)}\n`;
      expect(messages(load(text).diagnostics)).toEqual([
        'w.yaml:1:1 file is too large (5.0 MiB); workflow files may be at most 5 MiB',
      ]);
    });

    it('refuses binary files', () => {
      expect(messages(load('\u0000\u0001ELF').diagnostics)).toEqual([
        'w.yaml:1:1 file looks binary (it contains NUL bytes); expected YAML text',
      ]);
    });

    it('refuses documents that are not mappings', () => {
      expect(messages(load('42\n---\n- a\n---\n"text"\n').diagnostics)).toEqual([
        'w.yaml:1:1 document is a number; expected a TestWorkflow or TestWorkflowTemplate mapping',
        'w.yaml:3:1 document is a list; expected a TestWorkflow or TestWorkflowTemplate mapping',
        'w.yaml:5:1 document is a string; expected a TestWorkflow or TestWorkflowTemplate mapping',
      ]);
    });

    it('refuses recursive aliases', () => {
      const text = workflow('steps: &s\n  - steps: *s');
      expect(messages(load(text).diagnostics)).toEqual([
        'w.yaml:1:1 document contains a recursive alias (a node that includes itself)',
      ]);
    });

    it('refuses absurd nesting, in flow and block style', () => {
      const flow = load(`a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
      expect(flow.diagnostics.length).toBeGreaterThan(0);
      expect(flow.diagnostics.length).toBeLessThanOrEqual(11);
      let steps = 'shell: echo';
      for (let i = 0; i < 40; i++) steps = `steps:\n  - ${steps.split('\n').join('\n    ')}`;
      expect(messages(load(workflow(steps)).diagnostics)).toEqual([
        'w.yaml:1:1 document is nested more than 64 levels deep',
      ]);
    });
  });
});

describe('LoadedWorkflow.locate', () => {
  const text = workflow(
    [
      'container:',
      '  image: busybox',
      'steps:',
      '  - name: first',
      '    shell: echo 1',
      '  - name: second',
      '    run:',
      '      image: node',
    ].join('\n'),
  );
  const [wf] = load(text).workflows;

  it('gives the position of a written field', () => {
    expect(wf.locate('spec.steps[1].run.image')).toEqual({ file: 'w.yaml', line: 13, column: 16 });
    expect(wf.locate('spec.steps[0]')).toEqual({ file: 'w.yaml', line: 9, column: 7 });
  });

  it('falls back to the nearest written ancestor', () => {
    expect(wf.locate('spec.steps[0].timeout')).toEqual({ file: 'w.yaml', line: 9, column: 7 });
    expect(wf.locate('spec.steps[7].name')).toEqual({ file: 'w.yaml', line: 9, column: 5 });
    expect(wf.locate('nonsense')).toEqual({ file: 'w.yaml', line: 1, column: 1 });
  });
});
