// Before anything is created: the Entrypoint and Cmd of every image whose step gives neither
// `command` nor `shell`, read from its registry once per image (ten steps of one image make
// one lookup), with the logins of the pod's imagePullSecrets and the node's platform. Every
// failure is gathered into one error naming the steps, the image, the registry and the way out.
import { entrypointSteps, type ImageCommand } from '../../core/engine/entrypoint.js';
import { pullSecretAuths } from '../../core/engine/registry-auths.js';
import { renderField } from '../../core/engine/render.js';
import type { Vars } from '../../core/expr/index.js';
import type { Plan } from '../../core/plan/model.js';
import {
  ImageConfigError,
  type ImageConfigPort,
  type Platform,
  type RegistryCredential,
} from '../../ports/image-config.js';
import type { KubeObject, KubePort } from '../../ports/kube.js';
import { errorMessage, RunError } from './run-context.js';

export const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };

export interface ImageLookup {
  kube: KubePort;
  images: ImageConfigPort | undefined;
  plan: Plan;
  /** --manifests, applied before the pods: a pull Secret may come from there. */
  manifests: KubeObject[];
  namespace: string;
  /** A fresh namespace does not exist yet, so its Secrets can only come from --manifests. */
  fresh: boolean;
  vars: Vars;
  log(line: string): void;
  signal?: AbortSignal;
}

const WAY_OUT = 'give run.command (or shell) to run without reading the image';

export async function readImageCommands(lookup: ImageLookup): Promise<Map<string, ImageCommand>> {
  const commands = new Map<string, ImageCommand>();
  const users = new Map<string, string[]>();
  const problems: string[] = [];
  const bare: { label: string; image: string }[] = [];
  for (const s of entrypointSteps(lookup.plan.steps)) {
    let image: string;
    try {
      image = renderField(s.image, { ...lookup.vars, ...s.worker }, `${s.path}.run.image`);
    } catch {
      // Known only later (e.g. from services): read when its pod is built, if ever.
      continue;
    }
    const label = `${s.path} ('${s.name}')`;
    users.set(image, [...(users.get(image) ?? []), label]);
    if (!s.hasArgs) bare.push({ label, image });
  }
  if (users.size === 0) return commands;
  if (!lookup.images)
    throw new RunError(
      'steps run their image entrypoint, but no registry client is set up',
      'ImageConfig',
    );

  const [platform, credentials] = await Promise.all([
    nodePlatform(lookup),
    pullSecretCredentials(lookup),
  ]);
  await Promise.all(
    [...users].map(async ([image, steps]) => {
      const named = `image '${image}' of ${steps.join(', ')}`;
      try {
        const config = await lookup.images!.resolve(image, {
          credentials,
          platform,
          ...(lookup.signal && { signal: lookup.signal }),
        });
        commands.set(image, {
          entrypoint: config.entrypoint,
          cmd: config.cmd,
          digest: config.resolvedDigest,
        });
        lookup.log(
          `ℹ ${image}: runs its entrypoint ${JSON.stringify([...config.entrypoint, ...config.cmd])} (${config.resolvedDigest.slice(0, 19)}…, ${config.requests} registry request${config.requests === 1 ? '' : 's'})`,
        );
      } catch (error) {
        const where =
          error instanceof ImageConfigError && error.registry ? ` from ${error.registry}` : '';
        problems.push(
          `cannot read the entrypoint of ${named}${where}: ${errorMessage(error)}; ${WAY_OUT}`,
        );
      }
    }),
  );
  for (const { label, image } of bare) {
    const command = commands.get(image);
    if (command && command.entrypoint.length + command.cmd.length === 0)
      problems.push(
        `${label}: image '${image}' has neither ENTRYPOINT nor CMD; give run.command (or shell)`,
      );
  }
  if (problems.length > 0) throw new RunError(problems.sort().join('\n'), 'ImageConfig');
  return commands;
}

/**
 * The platform the step pods will run on: the one the pod's nodeSelector asks for, else the
 * one most nodes have. Reading Nodes needs a cluster-wide permission a namespace Role does not
 * grant; without it, linux/amd64.
 */
async function nodePlatform(lookup: ImageLookup): Promise<Platform> {
  const selector = lookup.plan.pod.nodeSelector ?? {};
  let nodes: KubeObject[] = [];
  try {
    nodes = await lookup.kube.listNodes();
  } catch (error) {
    lookup.log(
      `ℹ cannot read the cluster's nodes (${errorMessage(error)}); images with several platforms are read for linux/amd64`,
    );
  }
  const counts = new Map<string, number>();
  for (const node of nodes) {
    const info = (node.status as { nodeInfo?: { operatingSystem?: string; architecture?: string } })
      ?.nodeInfo;
    if (!info?.operatingSystem || !info.architecture) continue;
    const key = `${info.operatingSystem}/${info.architecture}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const common = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0]?.split('/');
  return {
    os: selector['kubernetes.io/os'] ?? common?.[0] ?? DEFAULT_PLATFORM.os,
    architecture: selector['kubernetes.io/arch'] ?? common?.[1] ?? DEFAULT_PLATFORM.architecture,
  };
}

/**
 * Logins of spec.pod.imagePullSecrets as the kubelet will find them: in the run's namespace,
 * where --manifests put them (a fresh namespace has nothing else) or where they already are.
 */
async function pullSecretCredentials(lookup: ImageLookup): Promise<RegistryCredential[]> {
  const names = (lookup.plan.pod.imagePullSecrets ?? []).map((s) => s.name);
  const credentials: RegistryCredential[] = [];
  for (const name of names) {
    const manifest = lookup.manifests.find(
      (m) => m.kind === 'Secret' && m.apiVersion === 'v1' && m.metadata.name === name,
    );
    let secret: KubeObject | undefined = manifest;
    try {
      if (!secret && !lookup.fresh)
        secret = await lookup.kube.get('v1', 'Secret', lookup.namespace, name);
    } catch (error) {
      lookup.log(
        `⚠ cannot read imagePullSecret '${name}': ${errorMessage(error)}; images are read without it`,
      );
      continue;
    }
    if (!secret) {
      lookup.log(
        `⚠ imagePullSecret '${name}' is not in namespace ${lookup.namespace}${lookup.fresh ? ' (a fresh namespace: give the Secret in --manifests, or run in an existing namespace with --namespace)' : ''}; images are read without it`,
      );
      continue;
    }
    let auths: ReturnType<typeof pullSecretAuths>;
    try {
      auths = pullSecretAuths({ ...secret, name });
    } catch (error) {
      auths = errorMessage(error);
    }
    if (typeof auths === 'string') {
      lookup.log(`⚠ ${auths}`);
      continue;
    }
    for (const skipped of auths.skipped) lookup.log(`⚠ ${skipped}`);
    credentials.push(...auths.credentials);
  }
  return credentials;
}
