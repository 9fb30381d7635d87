// The component's inputs, validated and typed. Built only by readGitLabSettings; everything after
// it works with these values, never with raw SHAKEDOWN_INPUT_* strings. A typo in an input fails
// the job at once with a message naming the input, the value and what is expected.
import { commentModes, type CommentMode } from '../../core/report/index.js';
import { InputReader } from '../ci/inputs.js';
import { keepNamespaceValues, type RunSettings } from '../ci/run-settings.js';
import {
  DEFAULT_RESULTS_DIR,
  DEFAULT_TOKEN_VARIABLE,
  InputVariables,
  type InputName,
} from './constants.js';

/** What to run (workflows relative to the project directory), then how to report it. */
export interface GitLabSettings extends RunSettings {
  comment: CommentMode;
  statusName: string;
  /** The variable holding the GitLab token, and its value ('' when unset). */
  tokenVariable: string;
  token: string;
  /** Results directory, relative to the project directory; each workflow gets a folder in it. */
  resultsDir: string;
}

const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function readGitLabSettings(env: Record<string, string | undefined>): GitLabSettings {
  const read = new InputReader<InputName>(
    (name) => env[InputVariables[name]] ?? '',
    (name) => InputVariables[name],
  );
  const timeout = read.duration('timeout');
  const tokenVariable = variableNamed(
    read,
    'gitlab-token-variable',
    read.text('gitlab-token-variable') || DEFAULT_TOKEN_VARIABLE,
  );
  const resultsDir = read.text('results-dir') || DEFAULT_RESULTS_DIR;
  if (resultsDir.split(/[\\/]/).includes('..') || resultsDir.startsWith('/')) {
    throw read.error(
      'results-dir',
      `'${resultsDir}' leaves the project directory. Expected a relative path such as ${DEFAULT_RESULTS_DIR}.`,
    );
  }
  return {
    workflows: read.list('workflow', '.shakedown/'),
    names: read.list('name'),
    kubeconfig: kubeconfigFrom(env, read),
    context: read.text('context') || undefined,
    namespace: read.text('namespace') || undefined,
    manifests: read.list('manifests'),
    config: read.config('config'),
    timeout,
    keepNamespace: read.oneOf('keep-namespace', keepNamespaceValues, 'never'),
    comment: read.oneOf('comment', commentModes, 'always'),
    statusName: read.text('status-name') || 'shakedown',
    tokenVariable,
    token: (env[tokenVariable] ?? '').trim(),
    resultsDir: resultsDir.replace(/\/+$/, ''),
  };
}

/** A variable's name; `$NAME` and `${NAME}` are accepted for NAME, as users write them. */
function variableNamed(read: InputReader<InputName>, input: InputName, text: string): string {
  const name = text.replace(/^\$\{?/, '').replace(/\}$/, '');
  if (variableName.test(name)) return name;
  throw read.error(
    input,
    `expected the NAME of a CI/CD variable (letters, digits and _), e.g. KUBECONFIG, not its value.`,
  );
}

/**
 * The kubeconfig input names a variable: a file-type variable (its value is the path of a file
 * holding the kubeconfig) or one holding the kubeconfig itself, as YAML or base64. The engine
 * takes all three forms. The value is never quoted in a message: it is a credential.
 */
function kubeconfigFrom(
  env: Record<string, string | undefined>,
  read: InputReader<InputName>,
): string | undefined {
  const text = read.text('kubeconfig');
  if (text === '') return undefined;
  const name = variableNamed(read, 'kubeconfig', text);
  const value = env[name]?.trim();
  if (!value) {
    throw read.error(
      'kubeconfig',
      `the CI/CD variable ${name} is not set or is empty in this job. Define it in Settings › CI/CD › Variables ` +
        '(type File, holding a kubeconfig) — protected variables only reach pipelines of protected branches and tags.',
    );
  }
  return value;
}
