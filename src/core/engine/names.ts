// Kubernetes names of what a run creates. Pod names carry the run id so that runs sharing an
// existing namespace (--namespace) never collide; namespace names carry the workflow so that
// `kubectl get ns` tells whose run it is.
import { fnv1a, kubernetesName } from '../plan/naming.js';

const MAX_NAME = 63;

/** A DNS-1123 label of at most `max` characters, without a trailing '-'. */
function label(text: string, max: number): string {
  return kubernetesName(text).slice(0, max).replace(/-+$/, '') || 'x';
}

/** `<workflow>-<runId>`, e.g. `api-tests-k3x9q2`. */
export function namespaceName(workflow: string, runId: string): string {
  return `${label(workflow, MAX_NAME - runId.length - 1)}-${runId}`;
}

export function workflowPodName(runId: string): string {
  return `sd-${runId}-workflow`;
}

/** One pod per worker of a parallel step: `sd-<run>-<step>-<n>` (n is 1-based). */
export function workerPodName(runId: string, stepId: string, index: number): string {
  const prefix = `sd-${runId}-`;
  const suffix = `-${index + 1}`;
  return `${prefix}${label(stepId, MAX_NAME - prefix.length - suffix.length)}${suffix}`;
}

/**
 * What names the objects of a child run of an execute step instead of the run id: the parent's
 * id, a short hash of the step id (unique in the parent's plan) and the child's 1-based index,
 * e.g. `k3x9q2-1a2b3`. Nested children extend their parent's.
 */
export function childNameId(parentNameId: string, stepId: string, index: number): string {
  return `${parentNameId}-${fnv1a(stepId).toString(36).slice(0, 4)}${index + 1}`;
}

/** Service instance pods: `sd-<run>-<service>-<index>` (the instance name already has the index). */
export function servicePodName(runId: string, instance: string): string {
  const prefix = `sd-${runId}-`;
  return `${prefix}${label(instance, MAX_NAME - prefix.length)}`;
}

export function contentConfigMapName(podName: string): string {
  return `${podName.slice(0, MAX_NAME - 8)}-content`;
}

export const SETUP_CONTAINER = 'shakedown-setup';
export const FINISH_CONTAINER = 'shakedown-finish';

/**
 * Container of one step attempt: `s<n>-<step>` for the first attempt, `s<n>-<step>-r<k>` for
 * retry k. `n` numbers the steps of the pod so names stay unique when ids are cut short.
 */
export function stepContainerName(position: number, stepId: string, attempt: number): string {
  const prefix = `s${position}-`;
  const suffix = attempt > 1 ? `-r${attempt - 1}` : '';
  return `${prefix}${label(stepId, MAX_NAME - prefix.length - suffix.length)}${suffix}`;
}
