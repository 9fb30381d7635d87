// The CI/CD component's template against GitLab's CI YAML JSON schema (vendored from
// gitlab-ci-local, see __tests__/support/vendor-gitlab-ci-schema.js), GitLab's component
// guidance, and the inputs the `shakedown gitlab` command reads.
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { parse } from 'yaml';
import { InputVariables, OutputVariables } from '../../../src/app/gitlab/constants.js';
import { interpolate, readTemplate, referencedInputs } from './component-template.js';

const schema = JSON.parse(
  readFileSync('__tests__/support/fixtures/gitlab-ci.schema.json', 'utf8'),
) as object;
// The options GitLab's own editor and gitlab-ci-local use for this draft-07 schema.
const ajv = new Ajv({
  allErrors: true,
  strict: false,
  allowUnionTypes: true,
  validateFormats: false,
  keywords: ['markdownDescription'],
});
const validate = ajv.compile(schema);

function problems(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message}`);
}

const template = readTemplate();
const inputs = template.header.spec.inputs;
const [jobName, job] = Object.entries(template.body)[0]! as [string, Record<string, any>]; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('the component template', () => {
  it('has a header that GitLab’s CI schema accepts', () => {
    expect(problems(template.header)).toEqual([]);
  });

  it('has a body that GitLab’s CI schema accepts, as written and once interpolated', () => {
    expect(problems(template.body)).toEqual([]);
    expect(problems(interpolate(template))).toEqual([]);
    expect(
      problems(
        interpolate(template, {
          'job-name': 'integration',
          config: 'baseUrl=http://app:8080\nusers=3',
          'keep-namespace': 'on-failure',
          comment: 'off',
          cli: 'node dist/cli/index.js',
        }),
      ),
    ).toEqual([]);
  });

  it('is checked by the schema for real: a misspelt keyword is refused', () => {
    const broken = { [jobName]: { ...job, artifact: job.artifacts } };
    expect(problems(broken).length).toBeGreaterThan(0);
  });

  it('types and describes every input, with a default and options the CLI accepts', () => {
    for (const [name, input] of Object.entries(inputs)) {
      expect([name, input.type]).toEqual([name, 'string']);
      expect(input.description?.length ?? 0).toBeGreaterThan(10);
      expect(typeof input.default).toBe('string');
      if (input.options) expect(input.options).toContain(input.default);
      if (input.regex) expect(new RegExp(input.regex).test(String(input.default))).toBe(true);
    }
    expect(inputs['keep-namespace']!.options).toEqual(['never', 'on-failure', 'always']);
    expect(inputs.comment!.options).toEqual(['always', 'failures', 'changes', 'off']);
    expect(inputs.image!.default).toBe('node:24');
    expect(inputs['gitlab-token-variable']!.default).toBe('SHAKEDOWN_GITLAB_TOKEN');
  });

  it('uses every input it declares, and declares every input it uses', () => {
    expect([...referencedInputs(template.body)].sort()).toEqual(Object.keys(inputs).sort());
  });

  it('adds one job and no global keywords; stage and image come from inputs', () => {
    expect(Object.keys(template.body)).toEqual(['$[[ inputs.job-name ]]']);
    expect(job.stage).toBe('$[[ inputs.stage ]]');
    expect(job.image).toBe('$[[ inputs.image ]]');
  });

  it('passes each input the command reads as its SHAKEDOWN_INPUT_* variable', () => {
    for (const [input, variable] of Object.entries(InputVariables)) {
      expect([variable, job.variables[variable]]).toEqual([variable, `$[[ inputs.${input} ]]`]);
    }
    const passed = Object.keys(job.variables).filter((v) => v.startsWith('SHAKEDOWN_INPUT_'));
    expect(passed.sort()).toEqual(Object.values(InputVariables).sort());
  });

  it('never names an output like an input (dotenv variables override job variables)', () => {
    const outputs = Object.values(OutputVariables) as string[];
    for (const variable of Object.keys(job.variables)) expect(outputs).not.toContain(variable);
    expect(outputs.length).toBeLessThan(10);
  });

  it('keeps results, JUnit and dotenv reports as artifacts, also when the job fails', () => {
    const artifacts = interpolate(template) as Record<string, Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const a = artifacts.shakedown!.artifacts;
    expect(a).toEqual({
      when: 'always',
      paths: ['shakedown-results/'],
      reports: {
        junit: 'shakedown-results/*/junit.xml',
        dotenv: 'shakedown-results/shakedown.env',
      },
    });
  });

  it('runs the CLI from npm at the version input unless `cli` overrides it', () => {
    expect(job.script).toEqual([
      '${SHAKEDOWN_CLI:-npx --yes shakedown@$[[ inputs.version ]]} gitlab',
    ]);
    expect(job.after_script).toEqual([
      '${SHAKEDOWN_CLI:-npx --yes shakedown@$[[ inputs.version ]]} gitlab --cleanup',
    ]);
    expect(job.variables.SHAKEDOWN_CLI).toBe('$[[ inputs.cli ]]');
  });

  it('shares the Action’s input names where they mean the same', () => {
    const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, unknown> };
    const same = ['workflow', 'name', 'kubeconfig', 'context', 'namespace', 'manifests'];
    same.push('config', 'timeout', 'keep-namespace', 'comment');
    for (const name of same) {
      expect([name, name in action.inputs, name in inputs]).toEqual([name, true, true]);
    }
    const defaults = (n: string) => (action.inputs[n] as { default?: string }).default ?? '';
    for (const name of ['workflow', 'keep-namespace', 'comment']) {
      expect([name, inputs[name]!.default]).toEqual([name, defaults(name)]);
    }
  });
});

describe('the component project', () => {
  const pipeline = parse(readFileSync('gitlab/.gitlab-ci.yml', 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('has a pipeline that GitLab’s CI schema accepts', () => {
    expect(problems(pipeline)).toEqual([]);
  });

  it('tests the component from the commit being tested, with a passing and a failing workflow', () => {
    const includes = pipeline.include as { component: string; inputs: Record<string, string> }[];
    expect(includes.map((i) => i.component)).toEqual([
      '$CI_SERVER_FQDN/$CI_PROJECT_PATH/shakedown@$CI_COMMIT_SHA',
      '$CI_SERVER_FQDN/$CI_PROJECT_PATH/shakedown@$CI_COMMIT_SHA',
    ]);
    for (const { inputs: given } of includes) {
      for (const name of Object.keys(given)) expect(Object.keys(inputs)).toContain(name);
      expect(readFileSync(`gitlab/${given.workflow}`, 'utf8')).toContain('kind: TestWorkflow');
    }
    expect(pipeline['verify-passing'].needs).toEqual(['shakedown-passing']);
    expect(pipeline['verify-failing'].needs).toEqual(['shakedown-failing']);
  });

  it('releases on semver tags only, with glab, publishing to the CI/CD Catalog', () => {
    expect(pipeline.release.rules).toEqual([{ if: '$CI_COMMIT_TAG =~ /^\\d+\\.\\d+\\.\\d+$/' }]);
    expect(pipeline.release.image).toMatch(/^registry\.gitlab\.com\/gitlab-org\/cli:/);
    expect(pipeline.release.release).toBeUndefined(); // the keyword would run release-cli
    const [command] = pipeline.release.script as string[];
    expect(command).toMatch(/^glab release create "\$CI_COMMIT_TAG" /);
    expect(command).toContain('--publish-to-catalog');
    expect(JSON.stringify(pipeline)).not.toContain('release-cli');
  });

  it('tests the component through its default `npx shakedown@<version>`, never a `cli` override', () => {
    for (const { inputs: given } of pipeline.include as { inputs: Record<string, string> }[]) {
      expect(given).not.toHaveProperty('cli');
      expect(given).not.toHaveProperty('version');
    }
  });

  it('documents every output and input in its README', () => {
    const readme = readFileSync('gitlab/README.md', 'utf8');
    const row = (name: string) => new RegExp(`^\\| \`${name}\` +\\|`, 'm');
    for (const variable of Object.values(OutputVariables)) expect(readme).toMatch(row(variable));
    for (const name of Object.keys(inputs)) expect(readme).toMatch(row(name));
  });
});
