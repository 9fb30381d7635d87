import { formatDiagnostic, loadWorkflows } from '../../../src/core/spec/index.js';
import { fieldKind } from '../../../src/core/spec/expression-fields.js';
import { workflow } from './helpers.js';

const problems = (text: string) =>
  loadWorkflows([{ path: 'w.yaml', text }]).diagnostics.map(formatDiagnostic);

describe('expression checks', () => {
  it('tells bare expressions from templates and text', () => {
    expect(fieldKind(['spec', 'steps', 0, 'condition'])).toBe('expression');
    expect(fieldKind(['spec', 'steps', 0, 'steps', 2, 'condition'])).toBe('expression');
    expect(fieldKind(['spec', 'steps', 0, 'retry', 'until'])).toBe('expression');
    expect(fieldKind(['spec', 'steps', 0, 'parallel', 'count'])).toBe('expression');
    expect(fieldKind(['spec', 'services', 'db', 'count'])).toBe('expression');
    expect(fieldKind(['spec', 'services', 'db', 'logs'])).toBe('expression');
    expect(fieldKind(['spec', 'steps', 0, 'parallel', 'matrix', 'browser'])).toBe('expression');
    expect(fieldKind(['spec', 'steps', 0, 'parallel', 'shards', 'files'])).toBe('expression');
    expect(fieldKind(['spec', 'steps', 0, 'parallel', 'matrix', 'browser', 0])).toBe('template');
    expect(fieldKind(['spec', 'steps', 0, 'shell'])).toBe('template');
    expect(fieldKind(['spec', 'container', 'env', 0, 'value'])).toBe('template');
    expect(fieldKind(['spec', 'config', 'x', 'default'])).toBe('template');
    expect(fieldKind(['spec', 'config', 'x', 'description'])).toBe('text');
    expect(fieldKind(['spec', 'use', 0, 'name'])).toBe('text');
    expect(fieldKind(['metadata', 'name'])).toBe('text');
  });

  it('accepts valid expressions and templates', () => {
    const text = workflow(
      [
        'services:',
        '  db:',
        '    image: postgres',
        "    count: 'config.n + 1'",
        '    logs: failed',
        'steps:',
        '  - condition: passed && len(config.items) > 2',
        '    shell: echo {{ shellquote(config.a, "b") }} {{ services.db.0.ip }}',
        '    retry: {count: 2, until: "passed || index >= 3"}',
        '  - parallel:',
        '      matrix:',
        '        browser: \'split(config.browsers, ",")\'',
        '      shell: echo {{ matrix.browser }}',
      ].join('\n'),
    );
    expect(problems(text)).toEqual([]);
  });

  it('points at the character of a plain scalar', () => {
    expect(problems(workflow('steps:\n  - shell: echo\n    condition: passed && ('))).toEqual([
      "w.yaml:8:29 spec.steps[0].condition: unexpected end of expression, expected a value in expression 'passed && ('",
    ]);
  });

  it('points at the character of a quoted scalar', () => {
    expect(problems(workflow('steps:\n  - shell: "echo {{ lenn(1) }}"'))).toEqual([
      "w.yaml:7:23 spec.steps[0].shell: unknown function 'lenn' in template 'echo {{ lenn(1) }}'",
    ]);
  });

  it('reports a variable no place of a workflow defines, at its character', () => {
    expect(problems(workflow('steps:\n  - shell: "echo {{ foo.bar }}"'))).toEqual([
      "w.yaml:7:23 spec.steps[0].shell: unknown variable 'foo' in template 'echo {{ foo.bar }}'",
    ]);
    expect(problems(workflow('steps:\n  - shell: echo\n    condition: passed && typo'))).toEqual([
      "w.yaml:8:28 spec.steps[0].condition: unknown variable 'typo' in expression 'passed && typo'",
    ]);
  });

  it('accepts every variable Shakedown defines, and names any() may skip', () => {
    const text = workflow(
      [
        'steps:',
        '  - shell: >-',
        '      echo {{ workflow.name }} {{ workflow.labels }} {{ labels.team }} {{ execution.id }}',
        '      {{ namespace }} {{ resource.id }} {{ env.HOME }} {{ any(maybe.missing, "x") }}',
        '    condition: always || failed || passed',
      ].join('\n'),
    );
    expect(problems(text)).toEqual([]);
  });

  it.each([
    ['step.build.outputs.x == "1"', "Testkube's toolkit keeps step.* inside the pod"],
    ['step.build', 'only as a whole `{{ step.results }}`'],
  ])('refuses the Testkube variable in %s by name, with the reason', (expression, reason) => {
    const [problem] = problems(workflow(`steps:\n  - shell: 'echo {{ ${expression} }}'`));
    expect(problem).toContain(
      "w.yaml:7:23 spec.steps[0].shell: variable 'step' is not available in Shakedown",
    );
    expect(problem).toContain(reason);
  });

  it("accepts Testkube's step results and outputs as whole expressions in a shell script", () => {
    const script =
      'echo {{ step.results }} {{step.a.results}} "{{ step.a.outputs.token }}" {{ nope }}';
    const found = problems(workflow(`steps:\n  - shell: '${script}'`));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain("unknown variable 'nope'");
    // Elsewhere they stay refused: only a script is rewritten.
    expect(
      problems(workflow('steps:\n  - shell: echo\n    workingDir: "{{ step.results }}"')),
    ).toHaveLength(1);
  });

  it('points at the line and column inside a literal block', () => {
    const text = workflow(
      'steps:\n  - shell: |\n      echo one\n      echo {{ 1 + }}\n      echo three',
    );
    expect(problems(text)).toEqual([
      "w.yaml:9:21 spec.steps[0].shell: unexpected end of expression, expected a value in template 'echo {{ 1 + }}'",
    ]);
  });

  it('points at the start of a folded scalar, and cuts long lines', () => {
    const long = `echo ${'x'.repeat(80)} {{ nope( }}`;
    const text = workflow(`steps:\n  - shell: >-\n      ${long}`);
    const [message] = problems(text);
    expect(message).toMatch(
      /^w\.yaml:7:14 spec\.steps\[0\]\.shell: .* in template '…x+ \{\{ nope\( \}\}'$/,
    );
  });
});

describe('config parameter definitions', () => {
  it('accepts consistent definitions', () => {
    const text = workflow(
      [
        'config:',
        '  workers: {type: integer, default: 3, minimum: 1, maximum: 8}',
        '  ratio: {type: number, default: "0.5", exclusiveMaximum: 1}',
        '  browser: {type: string, enum: [chromium, firefox], default: firefox}',
        "  tag: {type: string, pattern: 'v[0-9]+', default: v2, minLength: 2}",
        '  debug: {type: boolean, default: false}',
        '  url: {default: "http://{{ config.browser }}"}',
        '  token: {sensitive: true}',
        'steps:',
        '  - shell: echo',
      ].join('\n'),
    );
    expect(problems(text)).toEqual([]);
  });

  it('checks defaults, enums, patterns and constraints against the type', () => {
    const text = workflow(
      [
        'config:',
        '  a: {type: integer, default: 2.5}',
        '  b: {type: boolean, default: maybe}',
        '  c: {type: integer, enum: [1, two]}',
        "  d: {type: string, pattern: 'v[0-9+', minimum: 1}",
        '  e: {type: number, maxLength: 3, minimum: 4, maximum: 2}',
        '  f: {type: integer, default: 12, maximum: 10}',
        'steps:',
        '  - shell: echo',
      ].join('\n'),
    );
    expect(problems(text)).toEqual([
      'w.yaml:7:33 spec.config.a.default: 2.5 is not an integer (expected e.g. 3)',
      "w.yaml:8:33 spec.config.b.default: 'maybe' is not a boolean (expected true or false)",
      "w.yaml:9:34 spec.config.c.enum[1]: 'two' is not an integer (expected e.g. 3)",
      'w.yaml:10:32 spec.config.d.pattern: is not a valid regular expression: Unterminated character class',
      'w.yaml:10:51 spec.config.d.minimum: applies to integer and number parameters only (this one is string)',
      'w.yaml:11:34 spec.config.e.maxLength: applies to string parameters only (this one is number)',
      'w.yaml:11:46 spec.config.e.minimum: is greater than maximum (2)',
      'w.yaml:12:33 spec.config.f.default: 12 is greater than the maximum 10',
    ]);
  });

  it('never shows a sensitive default in a message', () => {
    const text = workflow(
      'config:\n  pw: {sensitive: true, default: hunter2, minLength: 10}\nsteps:\n  - shell: echo',
    );
    const [message] = problems(text);
    expect(message).toContain('spec.config.pw.default');
    expect(message).not.toContain('hunter2');
  });
});
