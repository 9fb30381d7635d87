// A parallel block becomes one worker per instance (count × matrix × shards), each a small
// workflow of its own (its own pod) built from the block's `container`, `content`, `services`
// and `setup`/`steps`/`after`, resolved with its own index, matrix and shard. As Testkube's
// ProcessParallel does, the block's container is merged onto the container defaults in effect
// at the step, without their volumeMounts (the volumes belong to the parent's pod). Step fields
// written directly on the block (`shell`, `run`, `timeout`…) form the worker's first step,
// Testkube's "short syntax".
import { PARALLEL_STEP_FIELDS, type ParallelSpec, type Step } from '../spec/types.js';
import { resolveContainerConfig, resolveContent } from './build-container.js';
import { mergeContainer } from '../spec/container-merge.js';
import { buildPhases, siteServices, type StepSite } from './build-steps.js';
import { buildTransfers } from './build-transfer.js';
import { INSTANCE_ROOTS, instanceVars, publicVariables, type Instance } from './instances.js';
import type { ParallelPlan, WorkerPlan } from './model.js';
import { IdAllocator, kubernetesName, workerName } from './naming.js';
import type { Scope } from './resolver.js';

export function buildParallel(
  site: StepSite,
  parallel: ParallelSpec,
  path: string,
  owner: { id: string; label: string },
  instances: Instance[],
): ParallelPlan {
  const { ctx } = site;
  const group: Scope = {
    vars: site.scope.vars,
    deferred: [...site.scope.deferred, ...INSTANCE_ROOTS],
    ...atDir(site.scope),
  };
  const workers = instances.map((instance) => buildWorker(site, parallel, path, owner, instance));
  const requested = parallel.parallelism ?? workers.length;
  return {
    // Testkube's default is "all at once" (1000); more than the workers means the same.
    parallelism: Math.max(1, Math.min(requested, workers.length)),
    failFast: parallel.failFast ?? false,
    ...(parallel.description !== undefined && {
      description: ctx.template(parallel.description, `${path}.description`, group),
    }),
    ...(parallel.paused === true && { paused: true }),
    workers,
  };
}

function buildWorker(
  site: StepSite,
  parallel: ParallelSpec,
  path: string,
  owner: { id: string; label: string },
  instance: Instance,
): WorkerPlan {
  const { ctx } = site;
  const scope: Scope = {
    vars: { ...site.scope.vars, ...instanceVars(instance) },
    deferred: site.scope.deferred,
    ...atDir(site.scope),
  };
  const inherited = site.defaults && { ...site.defaults };
  delete inherited?.volumeMounts;
  const own = resolveContainerConfig(ctx, parallel.container, `${path}.container`, scope);
  const defaults = mergeContainer(inherited, own);
  const servicePrefix = `${kubernetesName(owner.id)}-${instance.index}-`;
  const worker: StepSite = {
    ctx,
    scope,
    defaults,
    imagePullSecrets: site.imagePullSecrets,
    globalEnv: site.globalEnv,
    // Ids stay unique in the whole plan: a worker's are prefixed with the block's id and index.
    ids: new IdAllocator(),
    idPrefix: `${site.idPrefix}${owner.id}.${instance.index}.`,
    serviceNames: site.serviceNames,
    servicePrefix,
  };
  const description =
    parallel.description !== undefined
      ? ctx.redact(ctx.template(parallel.description, `${path}.description`, scope))
      : undefined;
  const content = resolveContent(ctx, parallel.content, `${path}.content`, scope);
  const transfer = buildTransfers(ctx, parallel.transfer, `${path}.transfer`, scope);
  const fetch = buildTransfers(ctx, parallel.fetch, `${path}.fetch`, scope);
  return {
    name: workerName(owner.label, instance, description),
    ...publicVariables(instance),
    services: siteServices(worker, parallel.services, `${path}.services`),
    ...(content && { content }),
    ...(transfer && { transfer }),
    ...(fetch && { fetch }),
    steps: buildPhases(worker, [
      { steps: parallel.setup, path: `${path}.setup`, phase: 'setup' },
      { steps: shortSyntaxStep(parallel), path, phase: 'main', inline: true },
      { steps: parallel.steps, path: `${path}.steps`, phase: 'main' },
      { steps: parallel.after, path: `${path}.after`, phase: 'after' },
    ]),
  };
}

// The block's fields are evaluated in the step's container, so relative paths start there.
const atDir = (scope: Scope): Pick<Scope, 'workingDir'> =>
  scope.workingDir === undefined ? {} : { workingDir: scope.workingDir };

/** The block's own step fields as a first step, or nothing when it has none. */
function shortSyntaxStep(parallel: ParallelSpec): Step[] | undefined {
  const step: Step = {};
  for (const key of PARALLEL_STEP_FIELDS) {
    if (parallel[key] !== undefined) (step as Record<string, unknown>)[key] = parallel[key];
  }
  return Object.keys(step).length > 0 ? [step] : undefined;
}
