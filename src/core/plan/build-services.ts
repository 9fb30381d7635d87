// spec.services / step.services / parallel.services → ServicePlan with one instance per
// count × matrix combination, each resolving its own container with its own index/matrix.
// As in Testkube (ProcessServicesStart passes the service spec as written), a service does not
// inherit the container defaults of the workflow or step: those are for steps, and often point
// at the services themselves (`PGHOST: '{{ services.db.0.ip }}'`). Only the pod's
// imagePullSecrets are passed down, so a private image pulls like the steps' images.
import {
  CONTAINER_FIELDS,
  type ContainerConfig,
  type ServiceSpec,
  type StepRun,
} from '../spec/types.js';
import { containerPlan, resolveContainerConfig, resolveContent } from './build-container.js';
import { buildTransfers } from './build-transfer.js';
import { INSTANCE_ROOTS, instanceVars, publicVariables, type Instance } from './instances.js';
import { dedupeEnv } from '../spec/container-merge.js';
import type { EnvVar, PodSettings, ServiceInstancePlan, ServicePlan } from './model.js';
import { kubernetesName } from './naming.js';
import type { PlanContext, Scope } from './resolver.js';
import { readInstances } from './strategy.js';

/** The container part of a `run:` or a service (everything but the shell and its own fields). */
export function containerFields(spec: StepRun | undefined): ContainerConfig | undefined {
  if (!spec) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of CONTAINER_FIELDS) if (spec[key] !== undefined) out[key] = spec[key];
  return out as ContainerConfig;
}

/** Where services are declared and what they inherit there. */
export interface ServiceSite {
  /** e.g. `spec.services` or `spec.steps[2].parallel.services`. */
  path: string;
  /** imagePullSecrets of the pod settings in effect, added to each service's pod. */
  imagePullSecrets: { name: string }[];
  /** `global` variables of the workflow, under the service's own env. */
  globalEnv: EnvVar[];
  scope: Scope;
  /** Prepended to instance names of services that exist once per parallel worker. */
  namePrefix: string;
  /** Instance names already given, with the service path that took them. */
  taken: Map<string, string>;
}

export function buildServices(
  ctx: PlanContext,
  services: Record<string, ServiceSpec> | undefined,
  site: ServiceSite,
): ServicePlan[] {
  return Object.entries(services ?? {}).map(([name, spec]) => buildService(ctx, name, spec, site));
}

function buildService(
  ctx: PlanContext,
  name: string,
  spec: ServiceSpec,
  site: ServiceSite,
): ServicePlan {
  const path = `${site.path}.${name}`;
  // Fields shared by all instances may not depend on one instance's values.
  const group: Scope = {
    vars: site.scope.vars,
    deferred: [...site.scope.deferred, ...INSTANCE_ROOTS],
  };
  let timeoutMs: number | undefined;
  if (spec.timeout !== undefined) {
    const text = ctx.knownTemplate(spec.timeout, `${path}.timeout`, group, 'timeout');
    if (text !== undefined) timeoutMs = ctx.durationMs(text, `${path}.timeout`, spec.timeout);
  }
  const content = resolveContent(ctx, spec.content, `${path}.content`, group);
  const pod = servicePod(ctx, spec.pod, site.imagePullSecrets, `${path}.pod`, group);
  // Built in the model's field order, so printed plans read top-down like the model.
  const plan: ServicePlan = {
    name,
    ...(spec.description !== undefined && {
      description: ctx.template(spec.description, `${path}.description`, group),
    }),
    path,
    ...(timeoutMs !== undefined && { timeoutMs }),
    ...(spec.logs !== undefined && { logs: ctx.expression(spec.logs, `${path}.logs`, group) }),
    ...(spec.readinessProbe && {
      readinessProbe: ctx.deep(spec.readinessProbe, `${path}.readinessProbe`, group),
    }),
    ...(spec.restartPolicy && { restartPolicy: spec.restartPolicy }),
    ...(pod && { pod }),
    ...(content && { content }),
    instances: [],
  };
  const instances = readInstances(ctx, spec, path, site.scope) ?? [];
  plan.instances = instances.flatMap((instance) => {
    const built = buildInstance(ctx, name, spec, instance, site, path);
    return built ? [built] : [];
  });
  return plan;
}

function buildInstance(
  ctx: PlanContext,
  name: string,
  spec: ServiceSpec,
  instance: Instance,
  site: ServiceSite,
  path: string,
): ServiceInstancePlan | undefined {
  const scope: Scope = {
    vars: { ...site.scope.vars, ...instanceVars(instance) },
    deferred: site.scope.deferred,
  };
  const resolved = resolveContainerConfig(ctx, containerFields(spec), path, scope);
  const own =
    site.globalEnv.length > 0
      ? { ...resolved, env: dedupeEnv([...site.globalEnv, ...(resolved?.env ?? [])]) }
      : resolved;
  const shell =
    spec.shell === undefined ? undefined : ctx.template(spec.shell, `${path}.shell`, scope);
  const noImage = 'a service needs an image of its own (services do not use spec.container)';
  const container = containerPlan(ctx, own ?? {}, shell, path, noImage);
  const instanceName = kubernetesName(`${site.namePrefix}${name}-${instance.index}`);
  const owner = site.taken.get(instanceName);
  if (owner !== undefined && owner !== path) {
    ctx.error(
      path,
      `instance name '${instanceName}' is already used by ${owner}; rename one of the services`,
    );
  }
  site.taken.set(instanceName, path);
  if (!container) return undefined;
  const transfer = buildTransfers(ctx, spec.transfer, `${path}.transfer`, scope);
  return {
    name: instanceName,
    ...publicVariables(instance),
    container,
    ...(transfer && { transfer }),
  };
}

function servicePod(
  ctx: PlanContext,
  pod: ServiceSpec['pod'],
  inherited: { name: string }[],
  path: string,
  scope: Scope,
): PodSettings | undefined {
  const own = pod ? (ctx.deep(pod, path, scope) as PodSettings) : undefined;
  if (inherited.length === 0) return own;
  return { ...own, imagePullSecrets: [...(own?.imagePullSecrets ?? []), ...inherited] };
}
