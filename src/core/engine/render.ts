// Fills in the `{{ }}` parts the planner had to leave for run time (services.*, execution.*,
// env.*…) once the values exist: after the services are ready, before the pods are built.
import { ExpressionError, hasTemplate, renderTemplate, type Vars } from '../expr/index.js';
import type { ContainerPlan, EnvVar } from '../plan/model.js';

export class RenderError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'RenderError';
  }
}

/** Renders one template field; the error names the field's spec path. */
export function renderField(template: string, vars: Vars, path: string): string {
  if (!hasTemplate(template)) return template;
  try {
    return renderTemplate(template, vars);
  } catch (error) {
    const detail = error instanceof ExpressionError ? error.message : String(error);
    throw new RenderError(path, `${detail} (in '${template}')`);
  }
}

/**
 * The container with every template field rendered. `env.NAME` in templates refers to the
 * container's own plain env values, the closest we can get to Testkube's in-container view
 * without running anything.
 */
export function renderContainer(container: ContainerPlan, vars: Vars, path: string): ContainerPlan {
  const scope = withEnv(vars, container);
  const field = (value: string, name: string): string =>
    renderField(value, scope, `${path}.${name}`);
  const env: EnvVar[] = container.env.map((e, i) =>
    e.value === undefined ? e : { ...e, value: field(e.value, `env[${i}].value`) },
  );
  return {
    ...container,
    image: field(container.image, 'image'),
    ...(container.command && {
      command: container.command.map((c, i) => field(c, `command[${i}]`)),
    }),
    ...(container.args && { args: container.args.map((a, i) => field(a, `args[${i}]`)) }),
    ...(container.shell !== undefined && { shell: field(container.shell, 'shell') }),
    ...(container.workingDir !== undefined && {
      workingDir: field(container.workingDir, 'workingDir'),
    }),
    env,
  };
}

/**
 * `env.NAME` for expressions: the container's own literal env values over the given ones.
 * Values from Secrets or still-templated ones are not known outside the container.
 */
export function withEnv(vars: Vars, container: ContainerPlan | undefined): Vars {
  const plain = Object.fromEntries(
    (container?.env ?? [])
      .filter((e) => e.value !== undefined && !hasTemplate(e.value))
      .map((e) => [e.name, e.value]),
  );
  return { ...vars, env: { ...(vars.env as Vars | undefined), ...plain } };
}

/**
 * Renders every string of a passed-through Kubernetes object (pod settings: labels, affinity,
 * topologySpreadConstraints…), map keys included, as Testkube resolves `{{ }}` in them.
 */
export function renderDeep<T>(value: T, vars: Vars, path: string): T {
  if (typeof value === 'string') return renderField(value, vars, path) as T;
  if (Array.isArray(value)) return value.map((v, i) => renderDeep(v, vars, `${path}[${i}]`)) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      renderField(k, vars, `${path}.${k}`),
      renderDeep(v, vars, `${path}.${k}`),
    ]),
  ) as T;
}
