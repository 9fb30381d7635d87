// Spec steps → StepPlan tree. Container defaults flow down as in Testkube's processor: a step's
// `workingDir`, then its `container`, apply to its own container and to its children; `run`
// applies to its own container only.
import type { ContainerConfig, ServiceSpec, Step, StepControl } from '../spec/types.js';
import { buildExecute } from './build-execute.js';
import { buildParallel } from './build-parallel.js';
import { deferParallel, globFields } from './defer-parallel.js';
import { buildServices, containerFields } from './build-services.js';
import { containerPlan, resolveContainerConfig, resolveContent } from './build-container.js';
import { mergeContainer } from '../spec/container-merge.js';
import type { Instance } from './instances.js';
import type {
  ContainerPlan,
  EnvVar,
  Expression,
  ServicePlan,
  StepPhase,
  StepPlan,
} from './model.js';
import { deriveStepName, IdAllocator } from './naming.js';
import { skippedStep, stepIdentity } from './step-identity.js';
import type { PlanContext, Scope } from './resolver.js';
import { scriptSecrets } from '../spec/script-secrets.js';
import { shareSteps } from '../spec/step-sharing.js';
import { CURRENT_STEP, sharedScript } from './shared-script.js';
import { readInstances } from './strategy.js';

/** Everything a step inherits from where it stands. */
export interface StepSite {
  ctx: PlanContext;
  scope: Scope;
  /** Resolved container defaults in effect. */
  defaults: ContainerConfig | undefined;
  /** Ids of the plan; `idPrefix` scopes those of a parallel worker. */
  ids: IdAllocator;
  idPrefix: string;
  /** imagePullSecrets of the workflow's pod, passed down to services as Testkube does. */
  imagePullSecrets: { name: string }[];
  /** Variables marked `global` anywhere in the workflow: every service gets them. */
  globalEnv: EnvVar[];
  /** Service instance names of the whole plan, and the prefix of this worker's. */
  serviceNames: Map<string, string>;
  servicePrefix: string;
}

export interface StepListSpec {
  steps: Step[] | undefined;
  /** Path of the list, e.g. `spec.after`. */
  path: string;
  phase: StepPhase;
  /** The single step is written inline at `path` (a parallel block's own step fields). */
  inline?: boolean;
}

/** `setup`, `steps` and `after` of a workflow or worker, flattened in that order. */
export function buildPhases(site: StepSite, lists: StepListSpec[]): StepPlan[] {
  const all = lists.flatMap((list) =>
    (list.steps ?? []).map((step, i) => ({
      step,
      path: list.inline ? list.path : `${list.path}[${i}]`,
      phase: list.phase,
    })),
  );
  reserveExplicitIds(site, all);
  return all.map(({ step, path, phase }) =>
    buildStep(site, step, path, phase, phase === 'after' ? 'always' : 'passed'),
  );
}

/** Explicit ids are taken first, so a derived id never steals one that comes later. */
function reserveExplicitIds(
  site: StepSite,
  steps: { step: Step; path: string }[],
  seen = new Map<string, string>(),
): void {
  for (const { step, path } of steps) {
    if (step.id !== undefined) {
      const id = site.idPrefix + step.id;
      const other = seen.get(id);
      if (other !== undefined)
        site.ctx.error(`${path}.id`, `id '${step.id}' is already used by ${other}`);
      else seen.set(id, path);
      site.ids.reserve(id);
    }
    const children = (step.steps ?? []).map((child, i) => ({
      step: child,
      path: `${path}.steps[${i}]`,
    }));
    reserveExplicitIds(site, children, seen);
  }
}

export function buildStep(
  site: StepSite,
  step: Step,
  path: string,
  phase: StepPhase,
  defaultCondition: Expression,
): StepPlan {
  const { ctx } = site;
  let defaults = site.defaults;
  if (step.workingDir !== undefined) {
    defaults = mergeContainer(defaults, {
      workingDir: ctx.template(step.workingDir, `${path}.workingDir`, site.scope),
    });
  }
  defaults = mergeContainer(
    defaults,
    resolveContainerConfig(ctx, step.container, `${path}.container`, site.scope),
  );
  // Testkube evaluates the step's expressions in its container, so relative paths start there.
  const scope = atWorkingDir(site.scope, plainPath(defaults?.workingDir));
  site = { ...site, scope };
  const condition =
    step.condition !== undefined
      ? ctx.expression(step.condition, `${path}.condition`, scope)
      : defaultCondition;
  // A condition false before the run (e.g. on `environment.id`, empty here) skips the step
  // whatever happens, so what it would run is not planned: it could only refuse the workflow.
  if (condition === 'false') return skippedStep(site, step, path, phase);

  const container = ownContainer(site, step, path, defaults);
  const globbed = step.parallel && globFields(step.parallel);
  const deferred = globbed && Object.keys(globbed).length > 0 ? globbed : undefined;
  const workers: Instance[] | undefined =
    step.parallel && !deferred
      ? (readInstances(ctx, step.parallel, `${path}.parallel`, scope) ?? [])
      : undefined;
  const { id, name } = stepIdentity(site, step, path, {
    ...describeRun(container),
    parallelWorkers: workers?.length,
    artifacts: step.artifacts !== undefined,
    delay: step.delay,
  });
  if (container?.shell !== undefined) container.shell = sharedScript(site, container.shell, id);

  const content = resolveContent(ctx, step.content, `${path}.content`, scope);
  const artifacts = step.artifacts && {
    paths: step.artifacts.paths.map((p, i) =>
      ctx.template(p, `${path}.artifacts.paths[${i}]`, scope),
    ),
    ...(step.artifacts.workingDir !== undefined && {
      workingDir: ctx.template(step.artifacts.workingDir, `${path}.artifacts.workingDir`, scope),
    }),
  };
  // Built in the model's field order, so printed plans read top-down like the model.
  const plan: StepPlan = {
    id,
    name,
    path,
    phase,
    condition,
    optional: step.optional ?? false,
    negative: step.negative ?? false,
    ...controlPlan(ctx, step, path, scope),
    ...(container && { container }),
    ...(content && { content }),
    ...(artifacts && { artifacts }),
    services: siteServices(site, step.services, `${path}.services`),
    steps: [],
  };
  // Workers are labelled "worker #N", as Testkube's logs do, unless the step is named.
  const label = step.name !== undefined ? name : 'worker';
  const at = `${path}.parallel`;
  if (step.parallel && deferred) {
    const workingDir = plainPath(defaults?.workingDir) ?? '/data';
    const owner = { id, label };
    plan.parallel = deferParallel(
      { ...site, defaults },
      step.parallel,
      at,
      owner,
      deferred,
      workingDir,
    );
  } else if (step.parallel && workers) {
    plan.parallel = buildParallel({ ...site, defaults }, step.parallel, at, { id, label }, workers);
  }
  if (step.execute) {
    const at = `${path}.execute`;
    if (step.parallel || container) {
      ctx.error(
        at,
        `a step cannot both ${step.parallel ? 'run parallel workers' : 'run a container'} and execute workflows; put execute in a step of its own`,
      );
    } else plan.execute = buildExecute(ctx, step.execute, at, scope, expectsFailure(step));
  }
  const children = { ...site, defaults };
  plan.steps = (step.steps ?? []).map((child, i) =>
    buildStep(children, child, `${path}.steps[${i}]`, phase, 'passed'),
  );
  return plan;
}

/** A negative or optional step is written for a child that may fail, even before it starts. */
const expectsFailure = (step: Step): boolean => step.negative === true || step.optional === true;

function atWorkingDir(scope: Scope, workingDir: string | undefined): Scope {
  if (workingDir === scope.workingDir) return scope;
  const out: Scope = { ...scope };
  if (workingDir === undefined) delete out.workingDir;
  else out.workingDir = workingDir;
  return out;
}

/** A working directory known while planning (no run-time `{{ }}` left in it). */
function plainPath(dir: string | undefined): string | undefined {
  return dir !== undefined && dir.startsWith('/') && !dir.includes('{{') ? dir : undefined;
}

/** Services declared at `path`, started where the site stands (the workflow, a step, a worker). */
export function siteServices(
  site: StepSite,
  services: Record<string, ServiceSpec> | undefined,
  path: string,
): ServicePlan[] {
  return buildServices(site.ctx, services, {
    path,
    imagePullSecrets: site.imagePullSecrets,
    globalEnv: site.globalEnv,
    scope: site.scope,
    namePrefix: site.servicePrefix,
    taken: site.serviceNames,
  });
}

/** timeout, delay and retry, shared by steps and the short form of a parallel block. */
function controlPlan(
  ctx: PlanContext,
  step: StepControl,
  path: string,
  scope: Scope,
): Pick<StepPlan, 'timeoutMs' | 'delayMs' | 'retry'> {
  const out: Pick<StepPlan, 'timeoutMs' | 'delayMs' | 'retry'> = {};
  if (step.timeout !== undefined) {
    const text = ctx.knownTemplate(step.timeout, `${path}.timeout`, scope, 'timeout');
    const ms =
      text === undefined ? undefined : ctx.durationMs(text, `${path}.timeout`, step.timeout);
    if (ms !== undefined) out.timeoutMs = ms;
  }
  if (step.delay !== undefined) {
    const ms = ctx.durationMs(step.delay, `${path}.delay`);
    if (ms !== undefined) out.delayMs = ms;
  }
  if (step.retry) {
    out.retry = { count: step.retry.count };
    if (step.retry.until !== undefined) {
      out.retry.until = ctx.expression(step.retry.until, `${path}.retry.until`, scope);
    }
  }
  return out;
}

/** The step's own container, from `run` and/or `shell`, on top of the defaults in effect. */
function ownContainer(
  site: Pick<StepSite, 'ctx' | 'scope'>,
  step: StepControl,
  path: string,
  defaults: ContainerConfig | undefined,
): ContainerPlan | undefined {
  const { ctx, scope } = site;
  const run = step.run;
  if (!run && step.shell === undefined) return undefined;
  if (run?.shell !== undefined && step.shell !== undefined) {
    ctx.error(`${path}.shell`, 'the script is given twice: use either shell or run.shell');
    return undefined;
  }
  const script = run?.shell ?? step.shell;
  const scriptPath = run?.shell !== undefined ? `${path}.run.shell` : `${path}.shell`;
  if (script !== undefined && (run?.command !== undefined || run?.args !== undefined)) {
    ctx.error(scriptPath, 'a shell script cannot be combined with run.command or run.args');
    return undefined;
  }
  const layer = resolveContainerConfig(ctx, containerFields(run), `${path}.run`, scope);
  // The step's id is not known yet (it may derive from the script): a marker stands for it.
  const shared = script === undefined ? undefined : scriptSecrets(shareSteps(script, CURRENT_STEP));
  const shell = shared && ctx.template(shared.script, scriptPath, scope);
  const plan = containerPlan(
    ctx,
    mergeContainer(defaults, layer),
    shell,
    run ? `${path}.run` : path,
  );
  for (const s of shared?.secrets ?? []) {
    plan?.env.push({ name: s.env, valueFrom: { secretKeyRef: { name: s.name, key: s.key } } });
  }
  return plan;
}

function describeRun(container: ContainerPlan | undefined): Parameters<typeof deriveStepName>[0] {
  if (!container) return {};
  if (container.shell !== undefined) return { shell: container.shell };
  if (container.command || container.args) {
    return { command: container.command, args: container.args, image: container.image };
  }
  return { image: container.image };
}
