// The runner as the action writes to it, masked: log lines, the failure annotation, outputs,
// state and the job summary pass the process's one masker. A secret registered here is learnt by
// that masker (so the engine's files and the GitHub requests mask it too) and by the runner.
import type { Masker } from '../../core/secrets/masker.js';
import type { ActionRuntime } from './action-runtime.js';

export function maskedRuntime(runtime: ActionRuntime, masker: Masker): ActionRuntime {
  const mask = (text: string) => masker.mask(text);
  return {
    getInput: (name) => runtime.getInput(name),
    setOutput: (name, value) => runtime.setOutput(name, mask(value)),
    setSecret: (value) => {
      masker.add([value]);
      runtime.setSecret(value);
    },
    saveState: (name, value) => runtime.saveState(name, mask(value)),
    getState: (name) => runtime.getState(name),
    info: (message) => runtime.info(mask(message)),
    warning: (message) => runtime.warning(mask(message)),
    debug: (message) => runtime.debug(mask(message)),
    setFailed: (message) => runtime.setFailed(mask(message)),
    group: (title, fn) => runtime.group(mask(title), fn),
    appendSummary: (markdown) => runtime.appendSummary(mask(markdown)),
    env: runtime.env,
  };
}
