// What the action's app layer needs from the Actions runner. The implementation over
// @actions/core lives in src/adapters/github/actions-runtime.ts; tests hand in a recording fake.
export interface ActionRuntime {
  /** An input as the runner passes it (INPUT_*), trimmed; '' when not set. */
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  /** Registers a value the runner must mask in every later log line. */
  setSecret(value: string): void;
  saveState(name: string, value: string): void;
  getState(name: string): string;
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
  /** Marks the step failed with an error annotation. */
  setFailed(message: string): void;
  /** Runs `fn` inside a collapsible group of the log. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** Appends markdown to this step's job summary. */
  appendSummary(markdown: string): Promise<void>;
  /** The runner's environment (GITHUB_*, RUNNER_*). */
  env: Record<string, string | undefined>;
}
