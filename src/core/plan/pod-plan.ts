// spec.pod, spec.job and spec.execution.tags → the settings of the run's pods. Shakedown runs
// pods, not Jobs: what Testkube puts on the Job (labels, annotations) goes on the pods that
// stand for it (the workflow pod and the parallel workers' pods).
import type { WorkflowSpec } from '../spec/types.js';
import type { PodSettings } from './model.js';
import type { PlanContext, Scope } from './resolver.js';

/** Volumes the engine adds to every pod; a spec.pod volume of the same name would clash. */
const OWN_VOLUME = /^(shakedown|data|shakedown-.*|content-.*)$/;

export function podSettings(ctx: PlanContext, spec: WorkflowSpec, scope: Scope): PodSettings {
  const pod = spec.pod ? (ctx.deep(spec.pod, 'spec.pod', scope) as PodSettings) : {};
  const job = spec.job;
  for (const key of ['labels', 'annotations'] as const) {
    const fromJob = job?.[key] ? ctx.deep(job[key], `spec.job.${key}`, scope) : undefined;
    if (fromJob) pod[key] = { ...fromJob, ...pod[key] };
  }
  (pod.volumes ?? []).forEach((volume, i) => {
    const name = (volume as { name?: unknown }).name;
    if (typeof name === 'string' && OWN_VOLUME.test(name)) {
      ctx.error(
        `spec.pod.volumes[${i}].name`,
        `'${name}' is a volume name Shakedown uses for its own volumes (shakedown, data, shakedown-*, content-*); rename it`,
      );
    }
  });
  return pod;
}

const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Whether a text is a Kubernetes label or annotation key (a qualified name). */
export function isQualifiedName(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !LABEL_PREFIX.test(prefix))) return false;
  return LABEL_NAME.test(name);
}

/** Whether key=value can be a Kubernetes label (tags are free text in Testkube). */
export function isLabel(key: string, value: string): boolean {
  return isQualifiedName(key) && (value === '' || LABEL_NAME.test(value));
}

export interface ExecutionTags {
  /** Every tag, for results.json. */
  all: Record<string, string>;
  /** Tags valid as labels: they label every object of the run. */
  labels: Record<string, string>;
  /** Tags whose key is valid: annotations of the workflow and worker pods (values are free). */
  annotations: Record<string, string>;
}

export function executionTags(tags: Record<string, string>): ExecutionTags {
  const entries = Object.entries(tags);
  return {
    all: { ...tags },
    labels: Object.fromEntries(entries.filter(([k, v]) => isLabel(k, v))),
    annotations: Object.fromEntries(entries.filter(([k]) => isQualifiedName(k))),
  };
}
