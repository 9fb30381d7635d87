// Steps that give neither `command` nor `shell` run their image's own ENTRYPOINT and CMD. The
// wrapper needs the argv, so the engine reads both from the image's registry before the pods
// are built and combines them here exactly as Kubernetes would have: `command` replaces
// Entrypoint and Cmd, `args` replace Cmd, neither keeps Entrypoint + Cmd.
import type { ContainerPlan, StepPlan, Template } from '../plan/model.js';

/** What the image's config says it runs. */
export interface ImageCommand {
  entrypoint: string[];
  cmd: string[];
  /** The digest the image's reference resolved to when it was read; its pods are pinned to it. */
  digest?: string;
}

export function usesImageEntrypoint(c: ContainerPlan): boolean {
  return c.shell === undefined && !c.command?.length;
}

/**
 * Kubernetes expands `$(NAME)` in the pod's command and args, but never in the image's own
 * Entrypoint and Cmd; written into the pod they keep their text with every `$` doubled.
 */
function literal(word: string): string {
  return word.replaceAll('$', '$$$$');
}

/**
 * The argv of an exec-form step (rendered). `image` is needed only when the step gives no
 * command; an empty result means there is nothing to run.
 */
export function stepArgv(c: ContainerPlan, image?: ImageCommand): string[] {
  if (c.command?.length) return [...c.command, ...(c.args ?? [])];
  if (!image) throw new Error(`the entrypoint of image '${c.image}' was not read`);
  const entrypoint = image.entrypoint.map(literal);
  return c.args?.length ? [...entrypoint, ...c.args] : [...entrypoint, ...image.cmd.map(literal)];
}

export interface EntrypointStep {
  path: string;
  name: string;
  /** The step's image, possibly with templates left for run time. */
  image: Template;
  /** The step gives args (which replace the image's Cmd). */
  hasArgs: boolean;
  /** Instance values of the parallel worker the step belongs to, for rendering the image. */
  worker?: { index: number; count: number; matrix: Record<string, unknown>; shard: unknown };
}

/** Every step (also nested and in parallel workers) that runs its image's entrypoint. */
export function entrypointSteps(
  steps: StepPlan[],
  worker?: EntrypointStep['worker'],
): EntrypointStep[] {
  return steps.flatMap((step) => {
    const c = step.container;
    const own: EntrypointStep[] =
      c && usesImageEntrypoint(c)
        ? [
            {
              path: step.path,
              name: step.name,
              image: c.image,
              hasArgs: !!c.args?.length,
              ...(worker && { worker }),
            },
          ]
        : [];
    const workers = step.parallel?.workers ?? [];
    // Child runs of an execute step share the run's lookups: their plans are known up front.
    const children = step.execute?.runs ?? [];
    return [
      ...own,
      ...entrypointSteps(step.steps, worker),
      ...children.flatMap((run) => entrypointSteps(run.plan.steps)),
      ...workers.flatMap((w) =>
        entrypointSteps(w.steps, {
          index: w.index,
          count: w.count,
          matrix: w.matrix,
          shard: w.shard,
        }),
      ),
    ];
  });
}

/** For `plan` and other offline commands: what will be read at run time, one line per step. */
export function entrypointNotes(steps: StepPlan[]): string[] {
  return entrypointSteps(steps).map(
    (s) =>
      `${s.path} ('${s.name}') runs the entrypoint of image '${s.image}'; it is read from the image's registry when the run starts`,
  );
}
