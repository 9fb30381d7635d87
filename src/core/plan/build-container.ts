// Turns a merged container configuration (+ an optional shell script) into the plan's
// ContainerPlan, resolving its templates in the given scope.
import type { Content, ContainerConfig } from '../spec/types.js';
import type { ContainerPlan, ContentPlan, EnvVar } from './model.js';
import { secretCall } from '../expr/index.js';
import type { PlanContext, Scope } from './resolver.js';

/**
 * Testkube runs a bare `shell:` in a default image when no container image is set. Ours is the
 * busybox the local cluster preloads (hack/cluster/images.sh), so such steps run offline too.
 */
export const DEFAULT_SHELL_IMAGE = 'busybox:1.36';

/** Where Testkube clones `content.git` when no mountPath is given. */
export const DEFAULT_GIT_MOUNT_PATH = '/data/repo';

/**
 * Resolves the templates of one layer of container settings where the layer is written, so a
 * bad expression in spec.container is reported once at its own path, not once per step.
 */
export function resolveContainerConfig(
  ctx: PlanContext,
  config: ContainerConfig | undefined,
  path: string,
  scope: Scope,
): ContainerConfig | undefined {
  if (!config) return undefined;
  const out: ContainerConfig = { ...config };
  const text = (value: string, at: string): string => ctx.template(value, `${path}.${at}`, scope);
  if (config.image !== undefined) {
    // On error the raw text stays, so no follow-up "nothing to run" buries the real problem.
    out.image = ctx.knownTemplate(config.image, `${path}.image`, scope, 'image') ?? config.image;
  }
  if (config.command) out.command = config.command.map((c, i) => text(c, `command[${i}]`));
  if (config.args) out.args = config.args.map((a, i) => text(a, `args[${i}]`));
  if (config.workingDir !== undefined) out.workingDir = text(config.workingDir, 'workingDir');
  if (config.env) {
    out.env = config.env.map((e, i) => {
      const env: EnvVar = { name: e.name };
      const secret = e.value === undefined ? undefined : secretCall(String(e.value));
      if (secret) {
        // As Testkube does: the variable reads the Secret's key through Kubernetes.
        const ref = ctx.secretRef(String(e.value), secret, `${path}.env[${i}].value`, scope);
        if (ref) env.valueFrom = { secretKeyRef: ref };
      } else if (e.value !== undefined) env.value = text(String(e.value), `env[${i}].value`);
      if (e.valueFrom) env.valueFrom = ctx.deep(e.valueFrom, `${path}.env[${i}].valueFrom`, scope);
      return env;
    });
  }
  if (config.resources) {
    out.resources = {};
    for (const kind of ['requests', 'limits'] as const) {
      const values = config.resources[kind];
      if (!values) continue;
      out.resources[kind] = Object.fromEntries(
        Object.entries(values).map(([k, v]) => [k, text(String(v), `resources.${kind}.${k}`)]),
      );
    }
  }
  for (const key of ['envFrom', 'securityContext', 'volumeMounts'] as const) {
    if (config[key])
      (out as Record<string, unknown>)[key] = ctx.deep(config[key], `${path}.${key}`, scope);
  }
  return out;
}

/**
 * The container a step or service instance runs: merged, resolved settings plus an optional
 * (resolved) shell script, which replaces command and args as `/bin/sh -c` does.
 */
export function containerPlan(
  ctx: PlanContext,
  config: ContainerConfig,
  shell: string | undefined,
  path: string,
  noImage = 'nothing to run: no image is set here or in a container default (spec.container, step.container)',
): ContainerPlan | undefined {
  if (config.image === undefined && shell === undefined) {
    ctx.error(path, noImage);
    return undefined;
  }
  // Built in the model's field order, so printed plans read top-down like the model.
  const plan: ContainerPlan = {
    image: config.image ?? DEFAULT_SHELL_IMAGE,
    ...(config.imagePullPolicy && { imagePullPolicy: config.imagePullPolicy }),
    // A script replaces command and args, as `/bin/sh -c script` does.
    ...(shell === undefined && config.command && { command: config.command }),
    ...(shell === undefined && config.args && { args: config.args }),
    ...(shell !== undefined && { shell }),
    env: (config.env ?? []).map((e) => ({ ...e })),
    ...(config.envFrom?.length && { envFrom: config.envFrom }),
    ...(config.workingDir !== undefined && { workingDir: config.workingDir }),
    ...((config.resources?.requests || config.resources?.limits) && {
      resources: config.resources as ContainerPlan['resources'],
    }),
    ...(config.securityContext && { securityContext: config.securityContext }),
    ...(config.volumeMounts?.length && { volumeMounts: config.volumeMounts }),
  };
  return plan;
}

export function resolveContent(
  ctx: PlanContext,
  content: Content | undefined,
  path: string,
  scope: Scope,
): ContentPlan | undefined {
  if (!content || (!content.files?.length && !content.git)) return undefined;
  const plan: ContentPlan = {
    files: (content.files ?? []).map((f, i) => {
      const at = `${path}.files[${i}]`;
      const file: ContentPlan['files'][number] = {
        path: ctx.template(f.path, `${at}.path`, scope),
      };
      if (f.content !== undefined) file.content = ctx.template(f.content, `${at}.content`, scope);
      if (f.contentFrom) file.contentFrom = ctx.deep(f.contentFrom, `${at}.contentFrom`, scope);
      if (f.mode !== undefined) file.mode = f.mode;
      return file;
    }),
  };
  const git = content.git;
  if (git) {
    const at = `${path}.git`;
    const mountPath =
      git.mountPath !== undefined
        ? ctx.knownTemplate(git.mountPath, `${at}.mountPath`, scope, 'content.git.mountPath')
        : DEFAULT_GIT_MOUNT_PATH;
    const text = (value: string, field: string) => ctx.template(value, `${at}.${field}`, scope);
    plan.git = {
      uri: text(git.uri, 'uri'),
      ...(git.revision !== undefined && { revision: text(git.revision, 'revision') }),
      ...(git.paths && { paths: git.paths.map((p, i) => text(p, `paths[${i}]`)) }),
      mountPath: mountPath ?? DEFAULT_GIT_MOUNT_PATH,
      ...(git.username !== undefined && { username: text(git.username, 'username') }),
      ...(git.tokenFrom && { tokenFrom: ctx.deep(git.tokenFrom, `${at}.tokenFrom`, scope) }),
      ...(git.authType && { authType: git.authType }),
      ...(git.cone && { cone: true }),
      ...(git.usernameFrom && {
        usernameFrom: ctx.deep(git.usernameFrom, `${at}.usernameFrom`, scope),
      }),
    };
  }
  return plan;
}
