import { sensitiveConfigValues } from '../../../src/app/action/sensitive-config.js';
import type { FileSource, InputFile } from '../../../src/ports/file-source.js';

const workflow = (name: string, config: string) => `apiVersion: testworkflows.testkube.io/v1
kind: TestWorkflow
metadata:
  name: ${name}
spec:
  config:
${config}
  steps:
    - name: test
      container:
        image: docker.io/library/busybox:1.36
      shell: echo hi
`;

function files(map: Record<string, string>): FileSource {
  return {
    readInputs: async (patterns) => {
      const found: InputFile[] = Object.entries(map)
        .filter(([path]) =>
          patterns.some((p) => path === p || path.startsWith(p.replace('*.yaml', ''))),
        )
        .filter(([path]) => patterns.some((p) => !p.includes('*') || path.endsWith('.yaml')))
        .map(([path, text]) => ({ path, text }));
      if (found.length === 0) throw new Error(`'${patterns.join(', ')}' matches no file`);
      return found;
    },
  };
}

describe('sensitiveConfigValues', () => {
  const source = files({
    'flows/api.yaml': workflow(
      'api',
      [
        '    token: { type: string, sensitive: true }',
        '    dbPassword: { type: string, sensitive: true, default: "default-pass-123" }',
        '    baseUrl: { type: string, default: "http://app" }',
      ].join('\n'),
    ),
    'flows/ui.yaml': workflow(
      'ui',
      '    uiSecret: { type: string, sensitive: true, default: "ui-secret-456" }',
    ),
  });

  it('returns the resolved values of sensitive parameters of the selected workflows', async () => {
    const values = await sensitiveConfigValues(
      source,
      {
        workflows: ['flows/api.yaml', 'flows/ui.yaml'],
        config: { token: 'tok-from-input', baseUrl: 'http://x' },
      },
      ['api'],
    );
    expect(values.sort()).toEqual(['default-pass-123', 'tok-from-input']);
  });

  it('returns nothing for a workflow that cannot be planned (its problems are reported by the run)', async () => {
    const values = await sensitiveConfigValues(
      source,
      { workflows: ['flows/api.yaml'], config: {} },
      ['api'],
    );
    expect(values).toEqual([]);
  });
});
