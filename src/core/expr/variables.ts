/**
 * The variable roots a workflow's expressions may use, as one list so that `validate` reports a
 * name nothing will ever define (`{{ foo.bar }}`) instead of letting it fail at `plan`, and the
 * Testkube variables that exist only with its control plane or toolkit, refused by name.
 */

/** Known before the run: parameters, the workflow, and a parallel worker's or service's instance. */
export const PLAN_ROOTS = [
  'config',
  'workflow',
  'labels',
  'index',
  'count',
  'matrix',
  'shard',
  'matrixIndex',
  'matrixCount',
  'shardIndex',
  'shardCount',
  'organization',
  'environment',
  'dashboard',
] as const;

/**
 * What a Testkube agent without a control plane has for its organization, environment and
 * dashboard: empty ids and no address. A condition like `environment.id == "tkcenv_…"`, which
 * keeps a step to one Testkube environment, is then false, as in every other environment.
 */
export const STANDALONE_VARS = {
  organization: { id: '' },
  environment: { id: '' },
  dashboard: { url: '' },
} as const;

/** Known only while the run goes on (the engine evaluates what uses them). */
export const RUN_ROOTS = [
  'services',
  'env',
  'passed',
  'failed',
  'always',
  'never',
  'error',
  'success',
  'status',
  'self',
  'execution',
  'namespace',
  'resource',
] as const;

export const KNOWN_ROOTS: ReadonlySet<string> = new Set([...PLAN_ROOTS, ...RUN_ROOTS]);

/** Testkube variables Shakedown cannot know, with the reason shown to the user. */
export const REFUSED_VARIABLES: Record<string, string> = {
  step: "Testkube's toolkit keeps step.* inside the pod; Shakedown has it only as a whole `{{ step.results }}`, `{{ step.ID.results }}` or `{{ step.ID.outputs.KEY }}` in a step's shell script (it rewrites them into the script); elsewhere pass values through files in /data",
  internal: "internal.* are Testkube's own settings of its agent",
  pvcs: 'pvcs.* names the claims of spec.pvcs, which Shakedown refuses; use pod.volumes',
};
