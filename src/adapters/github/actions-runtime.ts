// The Actions runner as the action's app layer sees it, over @actions/core (workflow commands,
// GITHUB_OUTPUT, GITHUB_STATE and GITHUB_STEP_SUMMARY files).
import * as core from '@actions/core';
import type { ActionRuntime } from '../../app/action/action-runtime.js';

export function actionsRuntime(): ActionRuntime {
  return {
    getInput: (name) => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, value),
    setSecret: (value) => core.setSecret(value),
    saveState: (name, value) => core.saveState(name, value),
    getState: (name) => core.getState(name),
    info: (message) => core.info(message),
    warning: (message) => core.warning(message),
    debug: (message) => core.debug(message),
    setFailed: (message) => core.setFailed(message),
    group: (title, fn) => core.group(title, fn),
    appendSummary: async (markdown) => {
      await core.summary.addRaw(markdown, true).write();
    },
    env: process.env,
  };
}
