import { readGitLabSettings } from '../../../src/app/gitlab/gitlab-settings.js';

describe('readGitLabSettings', () => {
  it('has the documented defaults when no input is set', () => {
    expect(readGitLabSettings({})).toEqual({
      workflows: ['.shakedown/'],
      names: [],
      kubeconfig: undefined,
      context: undefined,
      namespace: undefined,
      manifests: [],
      config: {},
      timeout: undefined,
      keepNamespace: 'never',
      comment: 'always',
      statusName: 'shakedown',
      tokenVariable: 'SHAKEDOWN_GITLAB_TOKEN',
      token: '',
      resultsDir: 'shakedown-results',
    });
  });

  it('reads every input from its SHAKEDOWN_INPUT_* variable', () => {
    const settings = readGitLabSettings({
      SHAKEDOWN_INPUT_WORKFLOW: 'tests/a.yaml, tests/b.yaml\ntests/more/',
      SHAKEDOWN_INPUT_NAME: 'api,billing',
      SHAKEDOWN_INPUT_KUBECONFIG: 'STAGING_KUBECONFIG',
      STAGING_KUBECONFIG: '/builds/tmp/STAGING_KUBECONFIG',
      SHAKEDOWN_INPUT_CONTEXT: 'acme/agents:staging',
      SHAKEDOWN_INPUT_NAMESPACE: 'qa',
      SHAKEDOWN_INPUT_MANIFESTS: 'k8s/',
      SHAKEDOWN_INPUT_CONFIG: 'baseUrl=http://app:8080/?a=b\n# comment\nusers=3\n',
      SHAKEDOWN_INPUT_TIMEOUT: '1h30m',
      SHAKEDOWN_INPUT_KEEP_NAMESPACE: 'on-failure',
      SHAKEDOWN_INPUT_COMMENT: 'changes',
      SHAKEDOWN_INPUT_STATUS_NAME: 'integration',
      SHAKEDOWN_INPUT_GITLAB_TOKEN_VARIABLE: '$BOT_TOKEN',
      BOT_TOKEN: ' glpat-abc ',
      SHAKEDOWN_INPUT_RESULTS_DIR: 'out/results/',
    });
    expect(settings).toEqual({
      workflows: ['tests/a.yaml', 'tests/b.yaml', 'tests/more/'],
      names: ['api', 'billing'],
      kubeconfig: '/builds/tmp/STAGING_KUBECONFIG',
      context: 'acme/agents:staging',
      namespace: 'qa',
      manifests: ['k8s/'],
      config: { baseUrl: 'http://app:8080/?a=b', users: '3' },
      timeout: '1h30m',
      keepNamespace: 'on-failure',
      comment: 'changes',
      statusName: 'integration',
      tokenVariable: 'BOT_TOKEN',
      token: 'glpat-abc',
      resultsDir: 'out/results',
    });
  });

  it.each([
    [
      { SHAKEDOWN_INPUT_COMMENT: 'sometimes' },
      "Input 'comment' (SHAKEDOWN_INPUT_COMMENT): 'sometimes' is not allowed. Expected one of: always, failures, changes, off.",
    ],
    [
      { SHAKEDOWN_INPUT_KEEP_NAMESPACE: 'yes' },
      "Input 'keep-namespace' (SHAKEDOWN_INPUT_KEEP_NAMESPACE): 'yes' is not allowed. Expected one of: never, on-failure, always.",
    ],
    [
      { SHAKEDOWN_INPUT_TIMEOUT: '10 minutes' },
      "Input 'timeout' (SHAKEDOWN_INPUT_TIMEOUT): '10 minutes' is not a duration such as 1m30s, 500ms or 2h",
    ],
    [
      { SHAKEDOWN_INPUT_RESULTS_DIR: '../elsewhere' },
      "Input 'results-dir' (SHAKEDOWN_INPUT_RESULTS_DIR): '../elsewhere' leaves the project directory.",
    ],
    [
      { SHAKEDOWN_INPUT_CONFIG: 'ok=1\nnot a pair' },
      "Input 'config' (SHAKEDOWN_INPUT_CONFIG): line 2 is not key=value.",
    ],
  ])('refuses a bad value with a message naming the input: %j', (env, message) => {
    expect(() => readGitLabSettings(env)).toThrow(message);
  });

  it('takes the kubeconfig from the variable the input names, never quoting its value', () => {
    const kubeconfig = 'apiVersion: v1\nclusters: []\nusers:\n- name: x\n  user: {token: s3cret}\n';
    const settings = readGitLabSettings({ SHAKEDOWN_INPUT_KUBECONFIG: 'KUBE', KUBE: kubeconfig });
    expect(settings.kubeconfig).toBe(kubeconfig.trim());
    expect(() => readGitLabSettings({ SHAKEDOWN_INPUT_KUBECONFIG: 'MISSING' })).toThrow(
      "Input 'kubeconfig' (SHAKEDOWN_INPUT_KUBECONFIG): the CI/CD variable MISSING is not set or is empty",
    );
    let message = '';
    try {
      readGitLabSettings({ SHAKEDOWN_INPUT_KUBECONFIG: kubeconfig });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('expected the NAME of a CI/CD variable');
    expect(message).not.toContain('s3cret');
  });
});
