// Input, output and state names in one place: action.yml, the input helper, the outputs and the
// post step must agree on them, and a typo here is caught by the action.yml consistency test.

export const Inputs = {
  workflow: 'workflow',
  name: 'name',
  kubeconfig: 'kubeconfig',
  context: 'context',
  namespace: 'namespace',
  manifests: 'manifests',
  config: 'config',
  timeout: 'timeout',
  keepNamespace: 'keep-namespace',
  githubToken: 'github-token',
  checkName: 'check-name',
  comment: 'comment',
  summary: 'summary',
  workingDirectory: 'working-directory',
  resultsFile: 'results-file',
  eventFile: 'event-file',
} as const;

export const Outputs = {
  result: 'result',
  total: 'total',
  passed: 'passed',
  failed: 'failed',
  skipped: 'skipped',
  resultsFile: 'results-file',
  junitFile: 'junit-file',
  namespace: 'namespace',
  checkRunUrl: 'check-run-url',
  commentUrl: 'comment-url',
} as const;

export const States = {
  /** Run ids started by the main step, for the post step's cleanup. */
  runIds: 'run-ids',
  /** Set once the main step cleaned up after itself; the post step then has nothing to do. */
  cleaned: 'cleaned',
} as const;

/** GitHub shows at most 1 MiB of job summary per step; above that the upload fails. */
export const JOB_SUMMARY_MAX_BYTES = 1024 * 1024;
