// Raw shapes of the TestWorkflow / TestWorkflowTemplate documents Shakedown supports — the
// subset of Testkube's `testworkflows.testkube.io/v1` CRDs listed in issue 3. Field names and
// shapes follow Testkube's API so existing files load unchanged; anything Testkube defines that
// is not here is refused by the validator (see unsupported-fields.ts), never silently ignored.
//
// These types describe documents AFTER schema validation: every field present has the type
// declared here. Strings typed `Template` may contain `{{ expr }}`; strings typed `Expression`
// are bare expressions. After template resolution (templates.ts) `use` and `template` are gone.
import type {
  ContentFile,
  ContentGit as PlannedGit,
  EnvVar as PlannedEnvVar,
  Expression,
  Template,
} from '../plan/model.js';

// Env vars and content files are written as the plan holds them (only their templates get
// resolved), so the plan model's shapes serve both.
export type { ContentFile, Expression, Template };

export interface EnvVar extends PlannedEnvVar {
  /** Testkube: the variable also reaches every service (services take no other container defaults). */
  global?: boolean;
}

export const API_VERSION = 'testworkflows.testkube.io/v1';
export const WORKFLOW_KIND = 'TestWorkflow';
export const TEMPLATE_KIND = 'TestWorkflowTemplate';

/** A config value as written in YAML (Testkube's ConfigValue / IntOrString). */
export type ConfigValue = string | number | boolean;

/** A list given literally, or an expression producing a list (Testkube's DynamicList). */
export type DynamicList = unknown[] | Expression;

export interface Metadata {
  name: string;
  /** Accepted for compatibility with `kubectl apply` files; the run's namespace is chosen by Shakedown. */
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** One typed input parameter of `spec.config`. Without `default` the parameter is required. */
export interface ParameterSchema {
  description?: string;
  /** Defaults to 'string' as in Testkube. */
  type?: 'string' | 'integer' | 'number' | 'boolean';
  /** Allowed values (compared as text, as Testkube stores them as strings). */
  enum?: ConfigValue[];
  example?: ConfigValue;
  /** May hold `{{ }}` referring to other config values. */
  default?: ConfigValue;
  /** The value is masked in every output. */
  sensitive?: boolean;
  /** Strings: a regular expression the whole value must match. */
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  /** Numbers: inclusive / exclusive bounds and divisor. */
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
}

/** Reference to a TestWorkflowTemplate, with values for the template's own `config`. */
export interface TemplateRef {
  name: string;
  config?: Record<string, ConfigValue>;
}

/** Container fields shared by spec.container, step.container, step.run and services. */
export interface ContainerConfig {
  image?: Template;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  env?: EnvVar[];
  /** Kubernetes EnvFromSource objects, passed through. */
  envFrom?: Record<string, unknown>[];
  command?: Template[];
  args?: Template[];
  workingDir?: Template;
  resources?: {
    requests?: Record<string, ConfigValue>;
    limits?: Record<string, ConfigValue>;
  };
  /** Kubernetes SecurityContext, passed through. */
  securityContext?: Record<string, unknown>;
  /** Kubernetes VolumeMount objects, passed through. */
  volumeMounts?: Record<string, unknown>[];
}

/** Every field of ContainerConfig, for code that copies or merges a container part. */
export const CONTAINER_FIELDS = [
  'image',
  'imagePullPolicy',
  'env',
  'envFrom',
  'command',
  'args',
  'workingDir',
  'resources',
  'securityContext',
  'volumeMounts',
] as const satisfies readonly (keyof ContainerConfig)[];

/** `run:` of a step: a container of its own, optionally with a shell script. */
export interface StepRun extends ContainerConfig {
  shell?: Template;
}

/** `content.git` as written; a plain-text `token` is refused (tokenFrom names a Secret). */
export interface ContentGit extends Omit<PlannedGit, 'mountPath'> {
  /** Defaults to /data/repo as in Testkube. */
  mountPath?: Template;
}

export interface Content {
  files?: ContentFile[];
  git?: ContentGit;
}

/** Testkube's Job settings; Shakedown runs pods, so labels/annotations go on the pods that stand for Jobs. */
export interface JobConfig {
  activeDeadlineSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** A Testkube trigger; accepted for compatibility, ignored with a notice (CI decides when runs happen). */
export interface TestWorkflowEvent {
  cronjob?: {
    cron: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    config?: Record<string, ConfigValue>;
    target?: Record<string, unknown>;
    timezone?: string;
  };
}

/** Orchestration settings; both already hold in Shakedown's one-container-per-step model. */
export interface SystemConfig {
  pureByDefault?: boolean;
  isolatedContainers?: boolean;
}

export interface ExecutionConfig {
  /** Labels/annotations of the run's objects and `tags` of results.json. */
  tags?: Record<string, string>;
  /** Testkube's silent mode; Shakedown sends no webhooks or metrics, so it changes nothing. */
  silent?: boolean | Template;
}

/** Testkube's scheduler queue (ConcurrencyPolicy); Shakedown has none, see notices.ts. */
export interface ConcurrencyConfig {
  group?: string;
  max?: number | Expression;
  cancelInProgress?: boolean;
}

export interface PodConfig {
  serviceAccountName?: Template;
  nodeSelector?: Record<string, string>;
  /** Kubernetes Toleration objects, passed through. */
  tolerations?: Record<string, unknown>[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  imagePullSecrets?: { name: string }[];
  /** Kubernetes PodSecurityContext, passed through. */
  securityContext?: Record<string, unknown>;
  /** Kubernetes Volume objects, passed through. */
  volumes?: Record<string, unknown>[];
  /** Kubernetes PodSpec fields passed through as written (checked by the cluster's dry run). */
  activeDeadlineSeconds?: number;
  dnsPolicy?: Template;
  nodeName?: Template;
  hostname?: Template;
  subdomain?: Template;
  affinity?: Record<string, unknown>;
  hostAliases?: Record<string, unknown>[];
  priorityClassName?: Template;
  priority?: number;
  dnsConfig?: Record<string, unknown>;
  preemptionPolicy?: Template;
  topologySpreadConstraints?: Record<string, unknown>[];
  schedulingGates?: Record<string, unknown>[];
  resourceClaims?: Record<string, unknown>[];
  hostPID?: boolean;
  /** Testkube defaults fsGroup unless this is set; Shakedown never defaults it. */
  disableFsGroupDefaulting?: boolean;
}

/** How a group fans out into instances (Testkube's StepExecuteStrategy). */
export interface ExecuteStrategy {
  /** Number of instances per matrix combination (shards): an integer or an expression. */
  count?: number | Expression;
  /**
   * Upper bound on the instances per combination, lowered to the length of the shortest shard
   * list so that no instance gets an empty share: an integer or an expression.
   */
  maxCount?: number | Expression;
  /** One instance per combination of the lists. */
  matrix?: Record<string, DynamicList>;
  /** Lists distributed across the instances (`shard.NAME` in each). */
  shards?: Record<string, DynamicList>;
}

/** An accompanying service (spec.services.NAME or step.services.NAME); it fans out by count and matrix only. */
export interface ServiceSpec extends StepRun, Pick<ExecuteStrategy, 'count' | 'matrix'> {
  description?: Template;
  /** Kubernetes Probe, passed through. */
  readinessProbe?: Record<string, unknown>;
  /** Duration (e.g. `1m30s`) the service may take to become ready. */
  timeout?: Template;
  /** Bare expression: when the service's logs are kept (`always`, `failed`…). */
  logs?: Expression;
  restartPolicy?: 'OnFailure' | 'Never';
  content?: Content;
  pod?: PodConfig;
  /** Files of the pod that starts the service, placed into it before its container starts. */
  transfer?: TransferSpec[];
  /** Templates merged into the service: pod, content, container (gone after resolution). */
  use?: TemplateRef[];
}

/** Files moved between pods (Testkube's StepParallelFetch; StepParallelTransfer adds `mount`). */
export interface FetchSpec {
  /** Directory the files are read from. */
  from: Template;
  /** Globs relative to `from`; every file under it when absent. */
  files?: DynamicList;
  /** Directory the files are placed in; `from` when absent. */
  to?: Template;
}

export interface TransferSpec extends FetchSpec {
  /** Mount a fresh volume at `to`; by default only when `to` is on no volume. */
  mount?: boolean;
}

export interface RetryPolicy {
  /** Extra attempts after the first one (≥ 1). */
  count: number;
  /** Bare expression; defaults to `passed`. */
  until?: Expression;
}

/** `execute.workflows[]`: other TestWorkflows run as child runs of the step. */
export interface ExecuteWorkflow extends ExecuteStrategy {
  /** metadata.name of the workflow to run (a template over the parent's config and instance). */
  name?: Template;
  /** Runs every workflow whose labels match (Testkube supports matchLabels only). */
  selector?: { matchLabels?: Record<string, string> };
  description?: Template;
  /** Display name of the child run (Testkube's unique execution name). */
  executionName?: Template;
  /** Values for the child's spec.config; templates over the parent's config and instance. */
  config?: Record<string, ConfigValue>;
}

/** `execute`: run other TestWorkflows and wait for them. */
export interface StepExecute {
  /** How many child runs go at once (Testkube's default: 100). */
  parallelism?: number;
  /** Testkube does not wait; Shakedown always does, as a CI run must end with everything. */
  async?: boolean;
  workflows?: ExecuteWorkflow[];
}

export interface StepArtifacts {
  paths: Template[];
  workingDir?: Template;
}

/** Fields common to a step and to a parallel block (Testkube's StepControl + StepOperations). */
export interface StepControl {
  optional?: boolean;
  negative?: boolean;
  /** Duration, e.g. `10m`, `1h30m`, `500ms`. */
  timeout?: Template;
  /** Duration waited before the step. */
  delay?: string;
  retry?: RetryPolicy;
  /** Script run with the container's default shell. */
  shell?: Template;
  run?: StepRun;
  execute?: StepExecute;
  artifacts?: StepArtifacts;
}

export interface Step extends StepControl {
  /** Testkube may merge pure steps into one container; Shakedown never merges, so no effect. */
  pure?: boolean;
  /** Stable identifier: lowercase letters, digits and underscores. */
  id?: string;
  name?: Template;
  /** Bare expression; defaults to `passed`. */
  condition?: Expression;
  /** Templates merged into this step (gone after resolution). */
  use?: TemplateRef[];
  /** A template run as this step's content (gone after resolution). */
  template?: TemplateRef;
  content?: Content;
  services?: Record<string, ServiceSpec>;
  /** Defaults for the containers of this step and its children. */
  container?: ContainerConfig;
  workingDir?: Template;
  parallel?: ParallelSpec;
  /** Steps run before this step's own operation (gone after resolution: see templates.ts). */
  setup?: Step[];
  /** Sub-steps, run after this step's own operation. */
  steps?: Step[];
}

/**
 * Step fields a parallel block may carry directly (Testkube's StepControl + StepOperations):
 * they form each worker's first step ("short syntax").
 */
export const PARALLEL_STEP_FIELDS = [
  'optional',
  'negative',
  'timeout',
  'delay',
  'retry',
  'shell',
  'run',
  'execute',
  'artifacts',
] as const satisfies readonly (keyof StepControl)[];

/** What runs: the part of a workflow spec that a parallel block carries for each worker too. */
export interface RunnableSpec {
  content?: Content;
  container?: ContainerConfig;
  services?: Record<string, ServiceSpec>;
  setup?: Step[];
  steps?: Step[];
  after?: Step[];
}

/** A parallel block: a small workflow run by every worker, plus how to fan out. */
export interface ParallelSpec extends StepControl, ExecuteStrategy, RunnableSpec {
  /** How many workers run at once (default: all). */
  parallelism?: number;
  failFast?: boolean;
  description?: Template;
  /** Templates merged into each worker's spec (gone after resolution). */
  use?: TemplateRef[];
  /** A template run by every worker (gone after resolution). */
  template?: TemplateRef;
  /** Files of the parent pod placed into every worker before its first step. */
  transfer?: TransferSpec[];
  /** Files of every worker copied back into the parent pod once it finished. */
  fetch?: FetchSpec[];
  /** Hold every worker at its first step until all running workers are there. */
  paused?: boolean;
}

/** Fields a TestWorkflow spec shares with a TestWorkflowTemplate spec. */
export interface SpecBase extends RunnableSpec {
  config?: Record<string, ParameterSchema>;
  job?: JobConfig;
  pod?: PodConfig;
  events?: TestWorkflowEvent[];
  system?: SystemConfig;
  execution?: ExecutionConfig;
  concurrency?: ConcurrencyConfig;
}

export interface WorkflowSpec extends SpecBase {
  /** Templates merged into the workflow (gone after resolution). */
  use?: TemplateRef[];
}

/** Testkube templates cannot themselves `use` templates. */
export type TemplateSpec = SpecBase;

export interface TestWorkflow {
  apiVersion: typeof API_VERSION;
  kind: typeof WORKFLOW_KIND;
  metadata: Metadata;
  description?: string;
  spec: WorkflowSpec;
}

export interface TestWorkflowTemplate {
  apiVersion: typeof API_VERSION;
  kind: typeof TEMPLATE_KIND;
  metadata: Metadata;
  description?: string;
  spec: TemplateSpec;
}

export type SpecDocument = TestWorkflow | TestWorkflowTemplate;
