// A recording stand-in for the Actions runner: inputs in, outputs/secrets/state/logs recorded.
import type { ActionRuntime } from '../../../src/app/action/action-runtime.js';

export interface FakeRuntime extends ActionRuntime {
  outputs: Record<string, string>;
  secrets: string[];
  state: Record<string, string>;
  logs: { level: 'info' | 'warning' | 'debug'; message: string }[];
  failed: string[];
  summary: string[];
  warnings(): string[];
}

export function fakeRuntime(
  inputs: Record<string, string> = {},
  env: Record<string, string | undefined> = {},
  state: Record<string, string> = {},
): FakeRuntime {
  const runtime: FakeRuntime = {
    outputs: {},
    secrets: [],
    state: { ...state },
    logs: [],
    failed: [],
    summary: [],
    warnings: () => runtime.logs.filter((l) => l.level === 'warning').map((l) => l.message),
    getInput: (name) => (inputs[name] ?? '').trim(),
    setOutput: (name, value) => void (runtime.outputs[name] = value),
    setSecret: (value) => void runtime.secrets.push(value),
    saveState: (name, value) => void (runtime.state[name] = value),
    getState: (name) => runtime.state[name] ?? '',
    info: (message) => void runtime.logs.push({ level: 'info', message }),
    warning: (message) => void runtime.logs.push({ level: 'warning', message }),
    debug: (message) => void runtime.logs.push({ level: 'debug', message }),
    setFailed: (message) => void runtime.failed.push(message),
    group: (title, fn) => {
      runtime.logs.push({ level: 'info', message: `::group::${title}` });
      return fn().finally(() => runtime.logs.push({ level: 'info', message: '::endgroup::' }));
    },
    appendSummary: async (markdown) => void runtime.summary.push(markdown),
    env: { GITHUB_WORKSPACE: '/work/repo', ...env },
  };
  return runtime;
}
