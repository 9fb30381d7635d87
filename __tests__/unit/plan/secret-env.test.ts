import { formatDiagnostic, loadWorkflows } from '../../../src/core/spec/index.js';
import { planOf, problemsOf } from './helpers/workflow.js';

describe('secret() in env values', () => {
  it('becomes a secretKeyRef to the Secret and key, as Testkube makes it', () => {
    const plan = planOf({
      config: { db: { type: 'string', default: 'pg-creds' } },
      steps: [
        {
          shell: 'psql',
          container: {
            env: [
              { name: 'PASSWORD', value: '{{ secret(config.db, "password") }}' },
              { name: 'TOKEN', value: "{{ secret('api', 'token', true) }}" },
            ],
          },
        },
      ],
    });
    expect(plan.steps[0]!.container?.env).toEqual([
      { name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'pg-creds', key: 'password' } } },
      { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'api', key: 'token' } } },
    ]);
  });

  it('needs the name and key before the run', () => {
    const problems = problemsOf({
      steps: [
        { shell: 'x', container: { env: [{ name: 'P', value: '{{ secret(env.N, "k") }}' }] } },
      ],
    });
    expect(problems.join('\n')).toContain(
      'the Secret name and key of secret() must be known before the run',
    );
  });

  it('is refused by name inside a longer env value, naming the field', () => {
    const text = [
      'apiVersion: testworkflows.testkube.io/v1',
      'kind: TestWorkflow',
      'metadata: {name: w}',
      'spec:',
      '  steps:',
      '    - shell: echo {{ secret("db", "password") }}',
      '      container:',
      "        env: [{name: P, value: \"x{{ secret('db', 'k') }}\"}]",
    ].join('\n');
    const problems = loadWorkflows([{ path: 'w.yaml', text }]).diagnostics.map(formatDiagnostic);
    // In a shell script secret() is an env reference Kubernetes fills in (script-secrets.ts);
    // inside a longer env value it has no Kubernetes form, so it is refused there.
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^w\.yaml:8:\d+ spec\.steps\[0\]\.container\.env\[0\]\.value: function 'secret' is not supported by Shakedown/,
    );
  });
});
