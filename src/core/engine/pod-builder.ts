// Builds the pod that runs a list of steps (the workflow, or one parallel worker): a setup init
// container that installs busybox and content files into shared volumes, one wrapped init
// container per step attempt, and a finish container. See docs/architecture.md.
import type { ContainerPlan, ContentPlan, PodSettings, StepPlan } from '../plan/model.js';
import type { KubeObject } from '../../ports/kube.js';
import { hasTemplate, type Vars } from '../expr/index.js';
import { artifactPatterns, privateBases } from './artifacts.js';
import { layoutContent, type ContentSource } from './content.js';
import { compact, containerSpec } from './container-spec.js';
import { entrypointSteps, stepArgv, usesImageEntrypoint, type ImageCommand } from './entrypoint.js';
import { layoutGit, type GitSource } from './git-content.js';
import { parseImageReference } from './image-reference.js';
import { ROLE, runLabels, type PodRole } from './labels.js';
import { podSettingsSpec } from './pod-settings.js';
import { contentConfigMapName, FINISH_CONTAINER, SETUP_CONTAINER } from './names.js';
import type { PodProgram } from './program.js';
import { renderContainer, renderDeep } from './render.js';
import {
  ARTIFACT_COPY_DIR,
  BUSYBOX,
  DATA_DIR,
  finishCommand,
  GATE_DIR,
  SHAKEDOWN_DIR,
  STATE_DIR,
  TOOLBOX_BUSYBOX,
  wrapperCommand,
} from './wrapper.js';

export interface GatedPodInput {
  name: string;
  namespace: string;
  runId: string;
  role: Extract<PodRole, 'workflow' | 'worker'>;
  program: PodProgram;
  /** spec.pod settings (merged with the worker's own, for workers). */
  pod: PodSettings;
  /** Workflow metadata labels plus anything identifying the pod (worker index…). */
  labels: Record<string, string>;
  /** Pod-wide content (spec.content or the worker's) and its spec path, e.g. `spec.content`. */
  content?: { plan: ContentPlan; path: string };
  /** Values for the `{{ }}` left in the plan: services, execution, namespace, env… */
  vars: Vars;
  toolboxImage: string;
  /** Image with git and sh, for `content.git` clones. */
  gitImage: string;
  activeDeadlineSeconds: number;
  /** /etc/hosts entries, so a worker reaches its own services by name. */
  hostAliases?: { ip: string; hostnames: string[] }[];
  /**
   * Directories that get an emptyDir shared by every step and the finish container: where
   * parallel.transfer places files on no other volume, and where parallel.fetch reads them.
   */
  sharedDirs?: string[];
  /** Entrypoint and Cmd of the (rendered) images of steps that give no command, read at run time. */
  images?: ReadonlyMap<string, ImageCommand>;
}

export interface GatedPod {
  pod: KubeObject;
  /** Holds inline content files; created before the pod. */
  configMap?: KubeObject;
  /** Each step's container with its templates rendered, by step id. */
  rendered: Map<string, ContainerPlan>;
}

const SHAKEDOWN_VOLUME = 'shakedown';
const DATA_VOLUME = 'data';

/**
 * The steps of a plan a gated pod cannot run, with the reason (before anything is created). A
 * step that runs its image's entrypoint needs a reference the registry can be asked about.
 */
export function unrunnableSteps(steps: StepPlan[]): string[] {
  return entrypointSteps(steps).flatMap((s) => {
    if (hasTemplate(s.image)) return [];
    const ref = parseImageReference(s.image);
    return 'error' in ref
      ? [
          `${s.path} ('${s.name}'): runs the entrypoint of image '${s.image}', which cannot be read: ${ref.error}`,
        ]
      : [];
  });
}

/**
 * A step that runs its image's entrypoint runs the image that was read: the reference gets the
 * digest it resolved to (`name:tag@sha256:…`, which Kubernetes pulls by digest), so a tag
 * pushed again between the lookup and the pull cannot swap the command under the step.
 */
function pinned(
  c: ContainerPlan,
  images: ReadonlyMap<string, ImageCommand> | undefined,
): ContainerPlan {
  const digest = usesImageEntrypoint(c) ? images?.get(c.image)?.digest : undefined;
  if (!digest || c.image.includes('@')) return c;
  return { ...c, image: `${c.image}@${digest}` };
}

function argvOf(
  step: StepPlan,
  c: ContainerPlan,
  images: ReadonlyMap<string, ImageCommand> | undefined,
): string[] {
  try {
    const argv = stepArgv(c, images?.get(c.image));
    if (argv.length === 0) throw new Error(`image '${c.image}' has neither ENTRYPOINT nor CMD`);
    return argv;
  } catch (error) {
    throw new Error(
      `${step.path} ('${step.name}'): ${(error as Error).message}; give run.command (or shell)`,
    );
  }
}

export function buildGatedPod(input: GatedPodInput): GatedPod {
  const { program } = input;
  const sources: ContentSource[] = [];
  const gits: GitSource[] = [];
  const addContent = (content: ContentPlan | undefined, scope: string, path: string) => {
    if (content?.files.length) sources.push({ scope, files: content.files, path: `${path}.files` });
    if (content?.git) gits.push({ scope, git: content.git, path: `${path}.git` });
  };
  addContent(input.content?.plan, '', input.content?.path ?? '');
  for (const step of program.steps.values())
    addContent(step.content, step.id, `${step.path}.content`);
  const configMapName = contentConfigMapName(input.name);
  const content = layoutContent(sources, configMapName, input.vars, true);
  const shared = (input.sharedDirs ?? []).map((dir, i) => ({
    volume: { name: `shared-${i}`, emptyDir: {} },
    mount: { name: `shared-${i}`, mountPath: dir },
  }));
  const baseMounts = [
    { name: SHAKEDOWN_VOLUME, mountPath: SHAKEDOWN_DIR },
    { name: DATA_VOLUME, mountPath: DATA_DIR },
  ];
  const sharedMounts = [...baseMounts, ...shared.map((s) => s.mount)];
  const git = layoutGit(gits, input.vars, input.gitImage, baseMounts[1]!);
  const scopesOf = (step: StepPlan): string[] => {
    const scopes = ['', step.id];
    for (let p = program.parents.get(step.id); p !== undefined; p = program.parents.get(p))
      scopes.push(p);
    return scopes;
  };

  const rendered = new Map<string, ContainerPlan>();
  const stepContainers = program.containers
    .filter((c) => c.step)
    .map(({ name, step }) => {
      const s = step!;
      const c = rendered.get(s.id) ?? renderContainer(s.container!, input.vars, s.path);
      rendered.set(s.id, c);
      const patterns = s.artifacts ? artifactPatterns(s.artifacts, c) : [];
      const run =
        c.shell !== undefined ? { script: c.shell } : { argv: argvOf(s, c, input.images) };
      const contentMounts = scopesOf(s).flatMap((scope) => [
        ...(content.mounts.get(scope) ?? []),
        ...(git.mounts.get(scope) ?? []),
      ]);
      return containerSpec(name, pinned(c, input.images), {
        command: wrapperCommand(name, s.timeoutMs, privateBases(patterns), run),
        volumeMounts: [...sharedMounts, ...contentMounts, ...(c.volumeMounts ?? [])],
      });
    });

  const setupScript = [
    'set -e',
    `B=${TOOLBOX_BUSYBOX}`,
    `"$B" mkdir -p ${SHAKEDOWN_DIR}/bin ${GATE_DIR} ${STATE_DIR} ${ARTIFACT_COPY_DIR}`,
    `"$B" cp "$B" ${BUSYBOX}`,
    `"$B" chmod 1777 ${GATE_DIR} ${STATE_DIR} ${ARTIFACT_COPY_DIR}`,
    ...content.setupScript,
  ].join('\n');
  const toolbox = (name: string, command: string[], mounts: Record<string, unknown>[]) => ({
    name,
    image: input.toolboxImage,
    imagePullPolicy: 'IfNotPresent',
    command,
    volumeMounts: mounts,
  });
  const settings = renderDeep(input.pod, input.vars, 'spec.pod');
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: compact({
      name: input.name,
      namespace: input.namespace,
      labels: {
        ...input.labels,
        ...settings.labels,
        ...runLabels(input.runId),
        [ROLE]: input.role,
      },
      annotations: settings.annotations,
    }),
    spec: compact({
      ...podSettingsSpec(settings, {
        activeDeadlineSeconds: input.activeDeadlineSeconds,
        ...(input.hostAliases && { hostAliases: input.hostAliases }),
      }),
      restartPolicy: 'Never',
      // The wrapper forwards SIGTERM to the step's process group; a short grace keeps cleanup fast.
      terminationGracePeriodSeconds: 5,
      enableServiceLinks: false,
      volumes: [
        { name: SHAKEDOWN_VOLUME, emptyDir: {} },
        { name: DATA_VOLUME, emptyDir: {} },
        ...content.volumes,
        ...git.volumes,
        ...shared.map((s) => s.volume),
        ...(settings.volumes ?? []),
      ],
      initContainers: [
        toolbox(
          SETUP_CONTAINER,
          [TOOLBOX_BUSYBOX, 'sh', '-c', setupScript],
          [...baseMounts, ...content.setupMounts],
        ),
        ...git.initContainers,
        ...stepContainers,
      ],
      containers: [toolbox(FINISH_CONTAINER, finishCommand(FINISH_CONTAINER), sharedMounts)],
    }),
  };
  const configMap = content.configMap && {
    ...content.configMap,
    metadata: {
      ...content.configMap.metadata,
      namespace: input.namespace,
      labels: { ...input.labels, ...runLabels(input.runId), [ROLE]: input.role },
    },
  };
  return configMap ? { pod, configMap, rendered } : { pod, rendered };
}
