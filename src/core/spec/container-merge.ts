// Container defaults flow down: spec.container → step.container → … → step.run. Each layer is
// merged onto the one above with Testkube's rules (testworkflowresolver.MergeContainerConfig),
// so a file means here what it means in Testkube. The same rules merge a template's container
// into the spec that uses it (merge.ts) and defaults down the steps (the planner):
// - scalars (workingDir, imagePullPolicy) are replaced when the layer sets them;
// - a layer that sets `image` also replaces command and args, even when it leaves them unset
//   (a new image's entrypoint is not the old one's); otherwise `command` replaces command and
//   args, and `args` alone replaces args;
// - env is appended and then deduplicated by name, the last definition winning;
// - envFrom and volumeMounts are appended;
// - resources requests/limits are merged key by key; securityContext field by field, with
//   capabilities add/drop appended.
import type { ContainerConfig, EnvVar } from './types.js';

export function mergeContainer(
  base: ContainerConfig | undefined,
  layer: ContainerConfig | undefined,
): ContainerConfig {
  if (!layer) return { ...base };
  if (!base) return { ...layer };
  const merged: ContainerConfig = { ...base };
  if (layer.workingDir !== undefined) merged.workingDir = layer.workingDir;
  if (layer.imagePullPolicy !== undefined) merged.imagePullPolicy = layer.imagePullPolicy;
  const env = dedupeEnv([...(base.env ?? []), ...(layer.env ?? [])]);
  if (env.length > 0) merged.env = env;
  if (layer.envFrom) merged.envFrom = [...(base.envFrom ?? []), ...layer.envFrom];
  if (layer.volumeMounts)
    merged.volumeMounts = [...(base.volumeMounts ?? []), ...layer.volumeMounts];
  if (layer.image !== undefined) {
    merged.image = layer.image;
    setOrDelete(merged, 'command', layer.command);
    setOrDelete(merged, 'args', layer.args);
  } else if (layer.command !== undefined) {
    merged.command = layer.command;
    setOrDelete(merged, 'args', layer.args);
  } else if (layer.args !== undefined) {
    merged.args = layer.args;
  }
  if (layer.resources) {
    merged.resources = {
      ...mergeRecord('requests', base.resources?.requests, layer.resources.requests),
      ...mergeRecord('limits', base.resources?.limits, layer.resources.limits),
    };
  }
  if (layer.securityContext) {
    merged.securityContext = mergeSecurityContext(base.securityContext, layer.securityContext);
  }
  return merged;
}

/** Keeps the last definition of every name, at the position of that last definition. */
export function dedupeEnv(env: readonly EnvVar[]): EnvVar[] {
  const lastIndex = new Map(env.map((e, i) => [e.name, i]));
  return env.filter((e, i) => lastIndex.get(e.name) === i);
}

function setOrDelete(target: ContainerConfig, key: 'command' | 'args', value?: string[]): void {
  if (value === undefined) delete target[key];
  else target[key] = value;
}

function mergeRecord<K extends string, V>(
  key: K,
  base: Record<string, V> | undefined,
  layer: Record<string, V> | undefined,
): Partial<Record<K, Record<string, V>>> {
  if (!base && !layer) return {};
  return { [key]: { ...base, ...layer } } as Partial<Record<K, Record<string, V>>>;
}

type Json = Record<string, unknown>;

function mergeSecurityContext(base: Json | undefined, layer: Json): Json {
  if (!base) return { ...layer };
  const merged: Json = { ...base, ...layer };
  const baseCaps = base.capabilities as Json | undefined;
  const layerCaps = layer.capabilities as Json | undefined;
  if (baseCaps && layerCaps) {
    merged.capabilities = {
      ...baseCaps,
      ...layerCaps,
      ...concatList('add', baseCaps.add, layerCaps.add),
      ...concatList('drop', baseCaps.drop, layerCaps.drop),
    };
  }
  for (const nested of ['seLinuxOptions', 'windowsOptions']) {
    if (base[nested] && layer[nested]) {
      merged[nested] = { ...(base[nested] as Json), ...(layer[nested] as Json) };
    }
  }
  return merged;
}

function concatList(key: string, a: unknown, b: unknown): Json {
  if (!Array.isArray(a) && !Array.isArray(b)) return {};
  return { [key]: [...(Array.isArray(a) ? a : []), ...(Array.isArray(b) ? b : [])] };
}
