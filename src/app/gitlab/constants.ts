// Names shared by the component template (gitlab/templates/shakedown.yml), the input reader and
// the dotenv report; the template consistency test checks the template against these.
//
// Inputs reach the job as SHAKEDOWN_INPUT_* variables and outputs leave it as SHAKEDOWN_*
// dotenv variables. The two must never share a name: GitLab gives dotenv variables precedence
// over a job's own `variables:`, so a later Shakedown job that inherits an output named like one
// of its inputs would silently run with the earlier job's value.

export const INPUT_PREFIX = 'SHAKEDOWN_INPUT_';

/** Component input name → the variable the template sets from it. */
export const InputVariables = {
  workflow: 'SHAKEDOWN_INPUT_WORKFLOW',
  name: 'SHAKEDOWN_INPUT_NAME',
  kubeconfig: 'SHAKEDOWN_INPUT_KUBECONFIG',
  context: 'SHAKEDOWN_INPUT_CONTEXT',
  namespace: 'SHAKEDOWN_INPUT_NAMESPACE',
  manifests: 'SHAKEDOWN_INPUT_MANIFESTS',
  config: 'SHAKEDOWN_INPUT_CONFIG',
  timeout: 'SHAKEDOWN_INPUT_TIMEOUT',
  'keep-namespace': 'SHAKEDOWN_INPUT_KEEP_NAMESPACE',
  comment: 'SHAKEDOWN_INPUT_COMMENT',
  'status-name': 'SHAKEDOWN_INPUT_STATUS_NAME',
  'gitlab-token-variable': 'SHAKEDOWN_INPUT_GITLAB_TOKEN_VARIABLE',
  'results-dir': 'SHAKEDOWN_INPUT_RESULTS_DIR',
} as const;

export type InputName = keyof typeof InputVariables;

/** The dotenv report's variables (at most 9: older GitLab versions accept fewer than 10). */
export const OutputVariables = {
  result: 'SHAKEDOWN_RESULT',
  total: 'SHAKEDOWN_TOTAL',
  passed: 'SHAKEDOWN_PASSED',
  failed: 'SHAKEDOWN_FAILED',
  skipped: 'SHAKEDOWN_SKIPPED',
  namespace: 'SHAKEDOWN_NAMESPACE',
  runId: 'SHAKEDOWN_RUN_ID',
  resultsDir: 'SHAKEDOWN_RESULTS_DIR',
  noteUrl: 'SHAKEDOWN_NOTE_URL',
} as const;

export const DEFAULT_TOKEN_VARIABLE = 'SHAKEDOWN_GITLAB_TOKEN';
export const DEFAULT_RESULTS_DIR = 'shakedown-results';
/** The dotenv report, inside the results directory. */
export const DOTENV_FILE = 'shakedown.env';
/** The ids of the runs the job started, one per line, for the after_script cleanup. */
export const RUN_IDS_FILE = 'run-ids.txt';
