// Turns the runner's raw inputs into ActionSettings, validating everything up front so a typo in
// `with:` fails the step at once with a message naming the input, the value and what is expected,
// instead of half-way through a run.
import { isAbsolute, resolve } from 'node:path';
import { commentModes } from '../../core/report/index.js';
import { InputError, InputReader } from '../ci/inputs.js';
import { keepNamespaceValues } from '../ci/run-settings.js';
import type { ActionRuntime } from './action-runtime.js';
import type { ActionSettings } from './action-settings.js';
import { Inputs } from './constants.js';

export function getSettings(runtime: ActionRuntime): ActionSettings {
  const read = new InputReader<string>((name) => runtime.getInput(name));
  const base = runtime.env.GITHUB_WORKSPACE ?? process.cwd();
  const workingDirectory = resolve(base, read.text(Inputs.workingDirectory) || '.');
  const timeout = read.duration(Inputs.timeout);
  const githubToken = read.text(Inputs.githubToken) || runtime.env.GITHUB_TOKEN || '';
  const resultsFile = read.text(Inputs.resultsFile) || undefined;
  const eventFile = read.text(Inputs.eventFile) || undefined;
  return {
    workflows: read.list(Inputs.workflow, '.shakedown/'),
    names: read.list(Inputs.name),
    kubeconfig: read.text(Inputs.kubeconfig) || undefined,
    context: read.text(Inputs.context) || undefined,
    namespace: read.text(Inputs.namespace) || undefined,
    manifests: read.list(Inputs.manifests),
    config: read.config(Inputs.config),
    timeout,
    keepNamespace: read.oneOf(Inputs.keepNamespace, keepNamespaceValues, 'never'),
    githubToken,
    checkName: read.text(Inputs.checkName) || 'Shakedown',
    comment: read.oneOf(Inputs.comment, commentModes, 'always'),
    summary: boolean(Inputs.summary, read.text(Inputs.summary) || 'true'),
    workingDirectory,
    resultsFile: resultsFile && resolve(workingDirectory, resultsFile),
    eventFile:
      eventFile && (isAbsolute(eventFile) ? eventFile : resolve(workingDirectory, eventFile)),
  };
}

// The YAML 1.2 core schema booleans, like @actions/core's getBooleanInput.
function boolean(input: string, value: string): boolean {
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new InputError(input, `'${value}' is not a boolean. Expected true or false.`);
}
