// Reading pod status objects: where each container stands, whether the pod is ready, and
// whether it can no longer get anywhere (so the run fails at once with the Kubernetes reason
// instead of waiting for a timeout).
import type { KubeObject } from '../../ports/kube.js';
import type { TerminatedState } from './termination.js';

interface RawContainerStatus {
  name: string;
  ready?: boolean;
  restartCount?: number;
  state?: {
    waiting?: { reason?: string; message?: string };
    running?: { startedAt?: string };
    terminated?: TerminatedState;
  };
  lastState?: { terminated?: TerminatedState };
}

interface RawPodStatus {
  phase?: string;
  reason?: string;
  message?: string;
  podIP?: string;
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
  initContainerStatuses?: RawContainerStatus[];
  containerStatuses?: RawContainerStatus[];
}

export type ContainerPhase = 'waiting' | 'running' | 'terminated';

export interface ContainerView {
  name: string;
  phase: ContainerPhase;
  reason?: string;
  message?: string;
  terminated?: TerminatedState;
  ready: boolean;
  restartCount: number;
}

export interface PodProblem {
  reason: string;
  message: string;
  container?: string;
}

/** Waiting reasons after which a container will not start without someone changing something. */
export const FATAL_WAITING_REASONS: ReadonlySet<string> = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'ErrImageNeverPull',
  'InvalidImageName',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

function status(pod: KubeObject): RawPodStatus {
  return (pod.status as RawPodStatus | undefined) ?? {};
}

function allStatuses(pod: KubeObject): RawContainerStatus[] {
  const s = status(pod);
  return [...(s.initContainerStatuses ?? []), ...(s.containerStatuses ?? [])];
}

export function containerView(pod: KubeObject, name: string): ContainerView | undefined {
  const raw = allStatuses(pod).find((c) => c.name === name);
  if (!raw) return undefined;
  const base = { name, ready: raw.ready === true, restartCount: raw.restartCount ?? 0 };
  if (raw.state?.terminated) {
    return {
      ...base,
      phase: 'terminated',
      reason: raw.state.terminated.reason,
      terminated: raw.state.terminated,
    };
  }
  if (raw.state?.running) return { ...base, phase: 'running' };
  return {
    ...base,
    phase: 'waiting',
    reason: raw.state?.waiting?.reason,
    message: raw.state?.waiting?.message,
  };
}

export function podPhase(pod: KubeObject): string {
  return status(pod).phase ?? 'Pending';
}

export function podIp(pod: KubeObject): string | undefined {
  return status(pod).podIP;
}

export function isPodReady(pod: KubeObject): boolean {
  return (status(pod).conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * Why the pod cannot progress, or undefined while it still may. `expectEnd`: the pod is
 * supposed to run to completion (gated pods), so Succeeded is not a problem for it.
 */
export function podProblem(pod: KubeObject, expectEnd = false): PodProblem | undefined {
  const s = status(pod);
  const unschedulable = (s.conditions ?? []).find(
    (c) => c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable',
  );
  if (unschedulable)
    return { reason: 'Unschedulable', message: unschedulable.message ?? 'no node can run the pod' };
  for (const c of allStatuses(pod)) {
    const waiting = c.state?.waiting;
    if (waiting?.reason && FATAL_WAITING_REASONS.has(waiting.reason)) {
      const last = c.lastState?.terminated;
      const reason =
        waiting.reason === 'CrashLoopBackOff' && last?.reason === 'OOMKilled'
          ? 'OOMKilled'
          : waiting.reason;
      const detail =
        waiting.message ??
        (last ? `last exit code ${last.exitCode}${last.reason ? ` (${last.reason})` : ''}` : '');
      return { reason, message: `container '${c.name}': ${detail || reason}`, container: c.name };
    }
    if (c.state?.terminated?.reason === 'OOMKilled' && !expectEnd) {
      return {
        reason: 'OOMKilled',
        message: `container '${c.name}' ran out of memory`,
        container: c.name,
      };
    }
  }
  if (s.phase === 'Failed') {
    const failed = allStatuses(pod).find(
      (c) => c.state?.terminated && c.state.terminated.exitCode !== 0,
    );
    const terminated = failed?.state?.terminated;
    // 'Error' says no more than the exit code does.
    const why = terminated?.reason && terminated.reason !== 'Error' ? terminated.reason : undefined;
    const message = failed
      ? `container '${failed.name}' exited with code ${terminated!.exitCode}${why ? ` (${why})` : ''}`
      : (s.message ?? 'the pod failed');
    return {
      reason: s.reason ?? why ?? (failed ? 'ContainerFailed' : 'PodFailed'),
      message,
      container: failed?.name,
    };
  }
  if (s.phase === 'Succeeded' && !expectEnd) {
    return { reason: 'Completed', message: 'the container exited before the run ended' };
  }
  return undefined;
}
