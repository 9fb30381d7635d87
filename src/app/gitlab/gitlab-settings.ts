// The component's inputs, validated and typed. Built only by readGitLabSettings; everything after
// it works with these values, never with raw SHAKEDOWN_INPUT_* strings. A typo in an input fails
// the job at once with a message naming the input, the value and what is expected.
import { commentModes, type CommentMode } from '../../core/report/index.js';
import { parseDuration } from '../../core/plan/duration.js';
import { parseConfig } from '../action/input-helper.js';
import type { KeepNamespace } from '../action/action-settings.js';
import {
  DEFAULT_RESULTS_DIR,
  DEFAULT_TOKEN_VARIABLE,
  InputVariables,
  type InputName,
} from './constants.js';

export interface GitLabSettings {
  /** Workflow files, directories or globs, relative to the project directory. */
  workflows: string[];
  /** Only the workflows with these metadata.name values; empty means every one found. */
  names: string[];
  /** The kubeconfig: a file path (file-type variable), YAML or base64; undefined uses KUBECONFIG. */
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  manifests: string[];
  config: Record<string, string>;
  /** Overall timeout of each run, as a duration (e.g. 30m). */
  timeout?: string;
  keepNamespace: KeepNamespace;
  comment: CommentMode;
  statusName: string;
  /** The variable holding the GitLab token, and its value ('' when unset). */
  tokenVariable: string;
  token: string;
  /** Results directory, relative to the project directory; each workflow gets a folder in it. */
  resultsDir: string;
}

export class InputError extends Error {
  constructor(input: InputName, message: string) {
    super(`Input '${input}' (${InputVariables[input]}): ${message}`);
    this.name = 'InputError';
  }
}

const keepNamespaceValues: readonly KeepNamespace[] = ['never', 'on-failure', 'always'];
const variableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function readGitLabSettings(env: Record<string, string | undefined>): GitLabSettings {
  const input = (name: InputName) => (env[InputVariables[name]] ?? '').trim();
  const timeout = input('timeout') || undefined;
  if (timeout !== undefined) {
    const parsed = parseDuration(timeout);
    if ('error' in parsed) throw new InputError('timeout', parsed.error);
  }
  const tokenVariable = variableNamed(
    'gitlab-token-variable',
    input('gitlab-token-variable') || DEFAULT_TOKEN_VARIABLE,
  );
  const resultsDir = input('results-dir') || DEFAULT_RESULTS_DIR;
  if (resultsDir.split(/[\\/]/).includes('..') || resultsDir.startsWith('/')) {
    throw new InputError(
      'results-dir',
      `'${resultsDir}' leaves the project directory. Expected a relative path such as ${DEFAULT_RESULTS_DIR}.`,
    );
  }
  return {
    workflows: list(input('workflow') || '.shakedown/'),
    names: list(input('name')),
    kubeconfig: kubeconfigFrom(env, input('kubeconfig')),
    context: input('context') || undefined,
    namespace: input('namespace') || undefined,
    manifests: list(input('manifests')),
    config: configFrom(env[InputVariables.config] ?? ''),
    timeout,
    keepNamespace: oneOf('keep-namespace', input('keep-namespace') || 'never', keepNamespaceValues),
    comment: oneOf<CommentMode>('comment', input('comment') || 'always', commentModes),
    statusName: input('status-name') || 'shakedown',
    tokenVariable,
    token: (env[tokenVariable] ?? '').trim(),
    resultsDir: resultsDir.replace(/\/+$/, ''),
  };
}

/** Newline- or comma-separated values. */
function list(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function oneOf<T extends string>(input: InputName, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(input, `'${value}' is not allowed. Expected one of: ${allowed.join(', ')}.`);
}

/** A variable's name; `$NAME` and `${NAME}` are accepted for NAME, as users write them. */
function variableNamed(input: InputName, text: string): string {
  const name = text.replace(/^\$\{?/, '').replace(/\}$/, '');
  if (variableName.test(name)) return name;
  throw new InputError(
    input,
    `expected the NAME of a CI/CD variable (letters, digits and _), e.g. KUBECONFIG, not its value.`,
  );
}

/**
 * The kubeconfig input names a variable: a file-type variable (its value is the path of a file
 * holding the kubeconfig) or one holding the kubeconfig itself, as YAML or base64. The engine
 * takes all three forms. The value is never quoted in a message: it is a credential.
 */
function kubeconfigFrom(env: Record<string, string | undefined>, text: string): string | undefined {
  if (text === '') return undefined;
  const name = variableNamed('kubeconfig', text);
  const value = env[name]?.trim();
  if (!value) {
    throw new InputError(
      'kubeconfig',
      `the CI/CD variable ${name} is not set or is empty in this job. Define it in Settings › CI/CD › Variables ` +
        '(type File, holding a kubeconfig) — protected variables only reach pipelines of protected branches and tags.',
    );
  }
  return value;
}

function configFrom(text: string): Record<string, string> {
  try {
    return parseConfig(text);
  } catch (error) {
    // parseConfig names the line; say which variable it came from.
    throw new InputError('config', (error as Error).message.replace(/^Input 'config': /, ''));
  }
}
