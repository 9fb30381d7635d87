// The Kubernetes container fields every container we build shares, from a rendered plan.
import type { ContainerPlan } from '../plan/model.js';

/** Drops undefined fields, so built objects print (and compare) without noise. */
export function compact<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}

/** Testkube's convention: CI=1 in every container, unless the step sets CI itself. */
function withCi(env: ContainerPlan['env']): ContainerPlan['env'] {
  return env.some((e) => e.name === 'CI') ? env : [{ name: 'CI', value: '1' }, ...env];
}

export function containerSpec(
  name: string,
  c: ContainerPlan,
  own: { command?: string[]; args?: string[]; volumeMounts: unknown[]; readinessProbe?: unknown },
): Record<string, unknown> {
  return compact({
    name,
    image: c.image,
    imagePullPolicy: c.imagePullPolicy,
    command: own.command,
    args: own.args,
    env: withCi(c.env),
    envFrom: c.envFrom,
    workingDir: c.workingDir,
    resources: c.resources,
    securityContext: c.securityContext,
    readinessProbe: own.readinessProbe,
    volumeMounts: own.volumeMounts,
  });
}
