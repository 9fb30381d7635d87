// Turns the runner's raw inputs into ActionSettings, validating everything up front so a typo in
// `with:` fails the step at once with a message naming the input, the value and what is expected,
// instead of half-way through a run.
import { isAbsolute, resolve } from 'node:path';
import { commentModes, type CommentMode } from '../../core/report/index.js';
import { parseDuration } from '../../core/plan/duration.js';
import type { ActionRuntime } from './action-runtime.js';
import type { ActionSettings, KeepNamespace } from './action-settings.js';
import { Inputs } from './constants.js';

export class InputError extends Error {
  constructor(input: string, message: string) {
    super(`Input '${input}': ${message}`);
    this.name = 'InputError';
  }
}

const keepNamespaceValues: readonly KeepNamespace[] = ['never', 'on-failure', 'always'];

export function getSettings(runtime: ActionRuntime): ActionSettings {
  const input = (name: string) => runtime.getInput(name).trim();
  const base = runtime.env.GITHUB_WORKSPACE ?? process.cwd();
  const workingDirectory = resolve(base, input(Inputs.workingDirectory) || '.');
  const timeout = input(Inputs.timeout) || undefined;
  if (timeout !== undefined) {
    const parsed = parseDuration(timeout);
    if ('error' in parsed) throw new InputError(Inputs.timeout, parsed.error);
  }
  const githubToken = input(Inputs.githubToken) || runtime.env.GITHUB_TOKEN || '';
  const resultsFile = input(Inputs.resultsFile) || undefined;
  const eventFile = input(Inputs.eventFile) || undefined;
  return {
    workflows: list(input(Inputs.workflow) || '.shakedown/'),
    names: list(input(Inputs.name)),
    kubeconfig: input(Inputs.kubeconfig) || undefined,
    context: input(Inputs.context) || undefined,
    namespace: input(Inputs.namespace) || undefined,
    manifests: list(input(Inputs.manifests)),
    config: parseConfig(runtime.getInput(Inputs.config)),
    timeout,
    keepNamespace: oneOf(
      Inputs.keepNamespace,
      input(Inputs.keepNamespace) || 'never',
      keepNamespaceValues,
    ),
    githubToken,
    checkName: input(Inputs.checkName) || 'Shakedown',
    comment: oneOf<CommentMode>(Inputs.comment, input(Inputs.comment) || 'always', commentModes),
    summary: boolean(Inputs.summary, input(Inputs.summary) || 'true'),
    workingDirectory,
    resultsFile: resultsFile && resolve(workingDirectory, resultsFile),
    eventFile:
      eventFile && (isAbsolute(eventFile) ? eventFile : resolve(workingDirectory, eventFile)),
  };
}

/** Newline- or comma-separated values, as users write lists in `with:`. */
function list(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function oneOf<T extends string>(input: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new InputError(input, `'${value}' is not allowed. Expected one of: ${allowed.join(', ')}.`);
}

// The YAML 1.2 core schema booleans, like @actions/core's getBooleanInput.
function boolean(input: string, value: string): boolean {
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new InputError(input, `'${value}' is not a boolean. Expected true or false.`);
}

/** `key=value` lines; the value is everything after the first `=`, so it may contain `=`. */
export function parseConfig(text: string): Record<string, string> {
  const config: Record<string, string> = {};
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.trim().startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? '' : line.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) {
      // The line may hold a secret: name it by its number, never echo it.
      throw new InputError(
        Inputs.config,
        `line ${index + 1} is not key=value. Expected one 'name=value' per line, e.g. 'baseUrl=http://app:8080'.`,
      );
    }
    config[key] = line.slice(eq + 1);
  });
  return config;
}
