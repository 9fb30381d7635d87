// `env[].global` (Testkube): a variable marked global in any container of the workflow also
// reaches every service, which otherwise takes no container defaults. Steps are unaffected: they
// already get the variable where it is declared. A service's own variable of the same name wins.
import type { EnvVar, Step, WorkflowSpec } from '../spec/types.js';
import type { EnvVar as PlannedEnvVar } from './model.js';
import { INSTANCE_ROOTS } from './instances.js';
import type { PlanContext, Scope } from './resolver.js';

interface Found {
  env: EnvVar;
  path: string;
}

export function globalEnv(ctx: PlanContext, spec: WorkflowSpec, scope: Scope): PlannedEnvVar[] {
  const found: Found[] = [];
  const take = (list: EnvVar[] | undefined, path: string) =>
    (list ?? []).forEach((env, i) => {
      if (env.global) found.push({ env, path: `${path}.env[${i}]` });
    });
  const walk = (steps: Step[] | undefined, path: string) =>
    (steps ?? []).forEach((step, i) => {
      const at = `${path}[${i}]`;
      take(step.container?.env, `${at}.container`);
      take(step.run?.env, `${at}.run`);
      if (step.parallel) {
        take(step.parallel.container?.env, `${at}.parallel.container`);
        take(step.parallel.run?.env, `${at}.parallel.run`);
        for (const list of ['setup', 'steps', 'after'] as const)
          walk(step.parallel[list], `${at}.parallel.${list}`);
      }
      walk(step.steps, `${at}.steps`);
    });
  take(spec.container?.env, 'spec.container');
  for (const list of ['setup', 'steps', 'after'] as const) walk(spec[list], `spec.${list}`);
  // A value that depends on one worker's matrix has no single text for every service.
  const shared: Scope = { vars: scope.vars, deferred: [...scope.deferred, ...INSTANCE_ROOTS] };
  return found.map(({ env, path }) => {
    const out: PlannedEnvVar = { name: env.name };
    if (env.value !== undefined)
      out.value = ctx.template(String(env.value), `${path}.value`, shared);
    if (env.valueFrom) out.valueFrom = ctx.deep(env.valueFrom, `${path}.valueFrom`, shared);
    return out;
  });
}
