import { getSettings } from '../../../src/app/action/input-helper.js';
import { fakeRuntime } from './fake-runtime.js';

const kubeconfig = `apiVersion: v1
kind: Config
clusters:
- name: kind
  cluster: { server: 'https://127.0.0.1:6443' }
users:
- name: ci
  user: { token: 'sha256~secret-token-value' }
contexts:
- name: kind
  context: { cluster: kind, user: ci }
current-context: kind
`;

describe('getSettings', () => {
  it('applies the documented defaults', () => {
    const settings = getSettings(fakeRuntime({}, { GITHUB_TOKEN: 'ghs_x' }));
    expect(settings).toEqual({
      workflows: ['.shakedown/'],
      names: [],
      kubeconfig: undefined,
      context: undefined,
      namespace: undefined,
      manifests: [],
      config: {},
      timeout: undefined,
      keepNamespace: 'never',
      githubToken: 'ghs_x',
      checkName: 'Shakedown',
      comment: 'always',
      summary: true,
      workingDirectory: '/work/repo',
      resultsFile: undefined,
      eventFile: undefined,
    });
  });

  it('reads lists separated by newlines or commas, and resolves paths from working-directory', () => {
    const settings = getSettings(
      fakeRuntime({
        workflow: 'tests/a.yaml\ntests/b/*.yaml, more/',
        name: 'smoke, api',
        manifests: 'deploy/\n',
        'working-directory': 'services/shop',
        'results-file': 'out/results.json',
        'event-file': '/tmp/event.json',
      }),
    );
    expect(settings.workflows).toEqual(['tests/a.yaml', 'tests/b/*.yaml', 'more/']);
    expect(settings.names).toEqual(['smoke', 'api']);
    expect(settings.manifests).toEqual(['deploy/']);
    expect(settings.workingDirectory).toBe('/work/repo/services/shop');
    expect(settings.resultsFile).toBe('/work/repo/services/shop/out/results.json');
    expect(settings.eventFile).toBe('/tmp/event.json');
  });

  it('passes the kubeconfig on as given (YAML, base64 or a path; the cluster adapter reads it)', () => {
    expect(getSettings(fakeRuntime({ kubeconfig })).kubeconfig).toBe(kubeconfig.trim());
    expect(getSettings(fakeRuntime({ kubeconfig: ' ~/.kube/ci ' })).kubeconfig).toBe('~/.kube/ci');
  });

  it.each([
    [
      'comment',
      'sometimes',
      "Input 'comment': 'sometimes' is not allowed. Expected one of: always, failures, changes, off.",
    ],
    [
      'keep-namespace',
      'yes',
      "Input 'keep-namespace': 'yes' is not allowed. Expected one of: never, on-failure, always.",
    ],
    ['summary', 'maybe', "Input 'summary': 'maybe' is not a boolean. Expected true or false."],
    [
      'timeout',
      '10 minutes',
      "Input 'timeout': '10 minutes' is not a duration such as 1m30s, 500ms or 2h",
    ],
  ])('names the input, the value and the expected form: %s=%s', (input, value, message) => {
    expect(() => getSettings(fakeRuntime({ [input]: value }))).toThrow(message);
  });

  it('takes the github-token input over GITHUB_TOKEN', () => {
    const settings = getSettings(
      fakeRuntime({ 'github-token': 'ghp_pat' }, { GITHUB_TOKEN: 'ghs_x' }),
    );
    expect(settings.githubToken).toBe('ghp_pat');
  });
});
