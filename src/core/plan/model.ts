// The execution plan: what `shakedown plan` prints and what the engine executes.
// It is plain data (JSON-serialisable, deterministic for the same spec and config) so that it
// can be golden-tested, printed, and handed from the pure core to the Kubernetes adapter.
//
// Strings typed `Template` may still hold `{{ … }}` expressions that need run-time values
// (services.*, env.*, passed/failed); everything that could be decided before the run
// already has been. Strings typed `Expression` are bare expressions (condition, retry.until,
// service logs) evaluated at run time.
// The engine renders every Template at run time, also those without a `{{`: text that was
// final at plan time keeps a literal `{{` escaped as `{{"{{"}}`, which rendering restores.

export type Template = string;
export type Expression = string;

export interface Plan {
  /** Schema version of the plan document. */
  version: 1;
  /** metadata.name of the TestWorkflow. */
  workflow: string;
  /** File the workflow was read from, relative as given. */
  file: string;
  /** Resolved config values (spec.config defaults overridden by --config). */
  config: Record<string, string | number | boolean>;
  /** Names of config parameters marked `sensitive`; their values must be masked in output. */
  sensitive: string[];
  /**
   * Every text to mask in output and logs: the values of the workflow's `sensitive` parameters
   * and of the `sensitive` parameters of the templates it uses (which, once applied, have no
   * name in the plan), non-empty, deduplicated, longest first. Printed plans show each as `***`.
   * Always set by the planner; optional only so that hand-built plans stay valid.
   */
  sensitiveValues?: string[];
  /**
   * Labels of the TestWorkflow metadata, plus the execution tags that are valid labels, copied
   * onto the run's objects.
   */
  labels: Record<string, string>;
  /** spec.execution.tags (resolved): kept in results.json. */
  tags?: Record<string, string>;
  /** spec.job.activeDeadlineSeconds: server-side backstop for every pod of the run. */
  activeDeadlineSeconds?: number;
  /** spec.pod merged settings applied to every pod of the run. */
  pod: PodSettings;
  /** spec.content: material placed in /data before the first step. */
  content?: ContentPlan;
  /** spec.services expanded into instances. */
  services: ServicePlan[];
  /** setup, steps and after, in execution order; `after` steps carry phase 'after'. */
  steps: StepPlan[];
}

export interface PodSettings {
  serviceAccountName?: string;
  nodeSelector?: Record<string, string>;
  /** Kubernetes Toleration objects, passed through. */
  tolerations?: unknown[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  imagePullSecrets?: { name: string }[];
  /** Kubernetes PodSecurityContext, passed through. */
  securityContext?: Record<string, unknown>;
  /** Kubernetes Volume objects, passed through. */
  volumes?: unknown[];
  /** The pods' activeDeadlineSeconds (the smaller of this and the engine's backstop applies). */
  activeDeadlineSeconds?: number;
  // Kubernetes PodSpec fields passed through as written; the cluster's dry run checks them.
  dnsPolicy?: string;
  nodeName?: string;
  hostname?: string;
  subdomain?: string;
  affinity?: Record<string, unknown>;
  /** Added before the entries Shakedown needs (a worker's services). */
  hostAliases?: { ip: string; hostnames: string[] }[];
  priorityClassName?: string;
  priority?: number;
  dnsConfig?: Record<string, unknown>;
  preemptionPolicy?: string;
  topologySpreadConstraints?: unknown[];
  schedulingGates?: unknown[];
  resourceClaims?: unknown[];
  hostPID?: boolean;
}

export interface EnvVar {
  name: string;
  value?: Template;
  /** Kubernetes EnvVarSource (secretKeyRef, configMapKeyRef, fieldRef…), passed through. */
  valueFrom?: Record<string, unknown>;
}

export interface ContainerPlan {
  image: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /** Exec form. Mutually exclusive with `shell`. */
  command?: Template[];
  args?: Template[];
  /** Shell script run with `/bin/sh -c` (Testkube's `shell`). */
  shell?: Template;
  env: EnvVar[];
  /** Kubernetes EnvFromSource objects, passed through. */
  envFrom?: unknown[];
  workingDir?: Template;
  /** Kubernetes ResourceRequirements, passed through. */
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  /** Kubernetes SecurityContext, passed through. */
  securityContext?: Record<string, unknown>;
  /** Kubernetes VolumeMount objects, passed through. */
  volumeMounts?: unknown[];
}

export interface ContentFile {
  path: Template;
  /** Inline content. */
  content?: Template;
  /** Kubernetes EnvVarSource-like reference (secretKeyRef/configMapKeyRef), passed through. */
  contentFrom?: Record<string, unknown>;
  mode?: number;
}

export interface ContentGit {
  uri: Template;
  revision?: Template;
  /** Only these paths of the repository are kept (sparse checkout). */
  paths?: Template[];
  /** Where the clone lands; defaults to /data/repo as in Testkube. */
  mountPath: string;
  username?: Template;
  /** Secret reference holding the token, never the token itself. */
  tokenFrom?: Record<string, unknown>;
  /** How the token is sent: in the URL (`basic`, default) or as a bearer header. */
  authType?: 'basic' | 'header';
  /** Sparse checkout of `paths` in cone mode (directories) instead of patterns. */
  cone?: boolean;
  usernameFrom?: Record<string, unknown>;
}

export interface ContentPlan {
  files: ContentFile[];
  git?: ContentGit;
}

export interface RetryPlan {
  /** Extra attempts after the first one. */
  count: number;
  /** Bare expression; retrying stops once it is true. Defaults to `passed`. */
  until?: Expression;
}

export interface ArtifactsPlan {
  paths: Template[];
  workingDir?: Template;
}

export type StepPhase = 'setup' | 'main' | 'after';

export interface StepPlan {
  /**
   * Unique, stable identifier within the plan (the spec's `id` when given, else derived from
   * the name as Testkube does). Steps of a parallel worker are prefixed with
   * `<parallel step id>.<worker index>.`.
   */
  id: string;
  /** Display name: the spec's `name`, or one derived from what the step runs. */
  name: string;
  /** Where the step stands in the spec, e.g. `spec.steps[1].steps[0]`; used in messages. */
  path: string;
  phase: StepPhase;
  /** Bare expression decided at run time; `passed` when the spec gave none. */
  condition: Expression;
  optional: boolean;
  negative: boolean;
  timeoutMs?: number;
  delayMs?: number;
  retry?: RetryPlan;
  /** Present when the step runs a container (run/shell); resolved with inherited defaults. */
  container?: ContainerPlan;
  content?: ContentPlan;
  artifacts?: ArtifactsPlan;
  /** Services started for this step (and its children) only. */
  services: ServicePlan[];
  /** Nested steps, run in order after this step's own container and its parallel workers. */
  steps: StepPlan[];
  /** Present when the step fans out into parallel workers. */
  parallel?: ParallelPlan;
  /** Present when the step runs other TestWorkflows (`execute`). */
  execute?: ExecutePlan;
}

export interface ExecutePlan {
  /** How many child runs go at once. */
  parallelism: number;
  /** Testkube's `async`: accepted, but the engine waits for the child runs all the same. */
  async?: boolean;
  runs: ChildRunPlan[];
}

/** One run of another TestWorkflow, planned with the config the step gives it. */
export interface ChildRunPlan {
  /** 0-based position among the step's child runs. */
  index: number;
  /** e.g. `api-tests #2 (browser=firefox)`. */
  name: string;
  description?: string;
  /** The instance of the `execute.workflows[]` entry it came from. */
  matrix: Record<string, unknown>;
  shard: Record<string, unknown[]>;
  /** The child workflow's own plan (its config, services, steps, and its own children). */
  plan: Plan;
  /**
   * Why the child cannot run, when the executing step expects it may fail (`negative` or
   * `optional`): as in Testkube, the child run then fails (its plan is empty) instead of the
   * whole workflow being refused.
   */
  refused?: string[];
}

export interface ParallelPlan {
  /** How many workers run at once. */
  parallelism: number;
  /** Cancel the remaining workers as soon as one fails. */
  failFast: boolean;
  description?: string;
  /** Workers are held at their first gate until all running workers are there, then released together. */
  paused?: boolean;
  /** Empty while `decidedAtRunTime` is set: the engine expands the workers when the step is reached. */
  workers: WorkerPlan[];
  decidedAtRunTime?: DeferredWorkers;
}

/**
 * A parallel block whose count, matrix or shards call glob(): the files are only known in the
 * runner's container, so the workers are expanded by the engine, with the planner's own code,
 * once the parent pod waits at the step.
 */
export interface DeferredWorkers {
  /** The fields that call glob(), e.g. `{ 'shards.testFiles': 'glob("cypress/e2e/**")' }`. */
  fields: Record<string, string>;
  /** Where relative glob() patterns start: the working directory of the waiting container. */
  workingDir: string;
  /** The directories to list for the patterns (their static prefixes, found while planning). */
  roots: string[];
  /**
   * The expansion, bound to the plan it came from. Not enumerable, so printed plans (YAML,
   * JSON) show the data above and not a function.
   */
  readonly expand: (files: readonly string[]) => DeferredExpansion;
}

export type DeferredExpansion =
  { ok: true; parallel: ParallelPlan } | { ok: false; problems: string[] };

/**
 * Files moved between two pods of the run: a tar of `files` under `from` in one pod, unpacked
 * under `to` in the other. Paths are absolute once rendered.
 */
export interface TransferPlan {
  from: Template;
  to: Template;
  /** Globs relative to `from`. */
  files: Template[];
  /** Mount a fresh emptyDir at `to` in the receiving pod (decided at plan time when `to` is known, else at run time). */
  mount?: boolean;
}

export interface InstanceVariables {
  /** 0-based position among all instances of the same group. */
  index: number;
  /** Total number of instances of the group. */
  count: number;
  matrix: Record<string, unknown>;
  /** This instance's share of each shard list. */
  shard: Record<string, unknown[]>;
}

export interface WorkerPlan extends InstanceVariables {
  /** e.g. `e2e-tests #2 (browser=firefox, shard 1/3)` */
  name: string;
  /** Services started for this worker only. */
  services: ServicePlan[];
  content?: ContentPlan;
  /** parallel.transfer for this worker: from the parent pod into this one, before its first step. */
  transfer?: TransferPlan[];
  /** parallel.fetch for this worker: from this pod back into the parent, once it finished. */
  fetch?: TransferPlan[];
  steps: StepPlan[];
}

export interface ServiceInstancePlan extends InstanceVariables {
  /** Kubernetes-safe name: `<service>-<index>`. */
  name: string;
  container: ContainerPlan;
  /** services.NAME.transfer for this instance: from the pod that starts it, before its container starts. */
  transfer?: TransferPlan[];
}

export interface ServicePlan {
  name: string;
  description?: string;
  /** Path in the spec, e.g. `spec.services.db`. */
  path: string;
  /** How long the service may take to become ready. */
  timeoutMs?: number;
  /** Bare expression deciding whether the service's logs are kept (`always`, `failed`…). */
  logs?: Expression;
  /** Kubernetes Probe object, passed through. */
  readinessProbe?: Record<string, unknown>;
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  pod?: PodSettings;
  content?: ContentPlan;
  instances: ServiceInstancePlan[];
}
