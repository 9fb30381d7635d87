// The app under test, from --manifests: YAML documents that are labelled as the run's own,
// server-side applied into the run's namespace, and then waited for. Readiness follows what
// `kubectl rollout status` and `kubectl wait` check for each kind.
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../ports/kube.js';
import { runLabels } from './labels.js';

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

/** Parses every document of every file; `List` objects are flattened. Errors name file and line. */
export function parseManifests(files: { path: string; text: string }[]): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(file.text)) {
      if (doc.errors.length > 0) {
        const e = doc.errors[0]!;
        const line = e.linePos?.[0];
        throw new ManifestError(
          `${file.path}${line ? `:${line.line}:${line.col}` : ''}: ${e.message.split('\n')[0]}`,
        );
      }
      const value = doc.toJS() as unknown;
      if (value === null || value === undefined) continue;
      const line = doc.contents ? lineOf(file.text, doc.contents.range?.[0] ?? 0) : 1;
      const where = `${file.path}:${line}`;
      for (const object of flatten(value, where)) objects.push(object);
    }
  }
  return objects;
}

function flatten(value: unknown, where: string): KubeObject[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ManifestError(
      `${where}: a manifest document must be a Kubernetes object (apiVersion, kind, metadata.name)`,
    );
  }
  const object = value as Partial<KubeObject> & { items?: unknown[] };
  if (
    typeof object.kind === 'string' &&
    object.kind.endsWith('List') &&
    Array.isArray(object.items)
  ) {
    return object.items.flatMap((item) => flatten(item, where));
  }
  if (
    typeof object.apiVersion !== 'string' ||
    typeof object.kind !== 'string' ||
    typeof object.metadata?.name !== 'string'
  ) {
    throw new ManifestError(
      `${where}: a manifest document needs apiVersion, kind and metadata.name`,
    );
  }
  if (object.kind === 'Namespace') {
    throw new ManifestError(
      `${where}: Namespace '${object.metadata.name}': manifests are applied into the run's namespace and may not create namespaces`,
    );
  }
  return [object as KubeObject];
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** The objects as applied: in the run's namespace, carrying the run's labels (for cleanup). */
export function labelManifests(
  objects: KubeObject[],
  namespace: string,
  runId: string,
): KubeObject[] {
  return objects.map((o) => {
    const labels = { ...o.metadata.labels, ...runLabels(runId) };
    const withMeta = { ...o, metadata: { ...o.metadata, namespace, labels } };
    if (o.kind === 'Pod') return { ...withMeta, spec: shortGrace(o.spec) };
    return withTemplate(withMeta, runId);
  });
}

/**
 * Pods made by workloads carry the run labels too, so leftovers are found and watched, and a
 * short termination grace unless the manifest sets one: the app is disposable, and the run's
 * namespace must be gone within 30 s of a cancel (the default grace alone is 30 s).
 */
function withTemplate(object: KubeObject, runId: string): KubeObject {
  const spec = object.spec as
    { template?: { metadata?: { labels?: Record<string, string> }; spec?: unknown } } | undefined;
  if (!spec?.template || !WORKLOADS.has(object.kind)) return object;
  const template = spec.template;
  return {
    ...object,
    spec: {
      ...spec,
      template: {
        ...template,
        metadata: {
          ...template.metadata,
          labels: { ...template.metadata?.labels, ...runLabels(runId) },
        },
        spec: shortGrace(template.spec),
      },
    },
  };
}

export const APP_GRACE_SECONDS = 5;

function shortGrace(spec: unknown): unknown {
  if (typeof spec !== 'object' || spec === null) return spec;
  const podSpec = spec as { terminationGracePeriodSeconds?: number };
  if (podSpec.terminationGracePeriodSeconds !== undefined) return spec;
  return { ...podSpec, terminationGracePeriodSeconds: APP_GRACE_SECONDS };
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicaSet']);

/** Kinds that are waited for; others count as ready once applied. */
export const WAITED_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'Pod'] as const;

export type Readiness =
  { state: 'ready' } | { state: 'pending'; reason: string } | { state: 'failed'; reason: string };

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export function readiness(object: KubeObject): Readiness {
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  const status = (object.status ?? {}) as Record<string, unknown>;
  const conditions = (status.conditions as Condition[] | undefined) ?? [];
  const condition = (type: string) => conditions.find((c) => c.type === type);
  const num = (v: unknown) => (typeof v === 'number' ? v : 0);
  const generation = num(object.metadata.generation);
  const observed = status.observedGeneration === undefined ? 0 : num(status.observedGeneration);
  if (WORKLOADS.has(object.kind) && object.kind !== 'Job' && observed < generation) {
    return { state: 'pending', reason: 'the controller has not seen the latest spec yet' };
  }
  switch (object.kind) {
    case 'Deployment': {
      const want = spec.replicas === undefined ? 1 : num(spec.replicas);
      const progressing = condition('Progressing');
      if (progressing?.status === 'False' && progressing.reason === 'ProgressDeadlineExceeded') {
        return {
          state: 'failed',
          reason: `ProgressDeadlineExceeded: ${progressing.message ?? ''}`.trim(),
        };
      }
      if (num(status.updatedReplicas) < want)
        return {
          state: 'pending',
          reason: `${num(status.updatedReplicas)}/${want} replicas updated`,
        };
      if (num(status.availableReplicas) < want)
        return {
          state: 'pending',
          reason: `${num(status.availableReplicas)}/${want} replicas available`,
        };
      return { state: 'ready' };
    }
    case 'StatefulSet': {
      const want = spec.replicas === undefined ? 1 : num(spec.replicas);
      if (num(status.readyReplicas) < want)
        return { state: 'pending', reason: `${num(status.readyReplicas)}/${want} replicas ready` };
      if (
        status.updateRevision &&
        status.currentRevision !== status.updateRevision &&
        num(status.updatedReplicas) < want
      ) {
        return {
          state: 'pending',
          reason: `${num(status.updatedReplicas)}/${want} replicas updated`,
        };
      }
      return { state: 'ready' };
    }
    case 'DaemonSet': {
      const want = num(status.desiredNumberScheduled);
      if (num(status.updatedNumberScheduled) < want)
        return {
          state: 'pending',
          reason: `${num(status.updatedNumberScheduled)}/${want} pods updated`,
        };
      if (num(status.numberAvailable) < want)
        return {
          state: 'pending',
          reason: `${num(status.numberAvailable)}/${want} pods available`,
        };
      return { state: 'ready' };
    }
    case 'Job': {
      const failed = condition('Failed');
      if (failed?.status === 'True')
        return {
          state: 'failed',
          reason: `${failed.reason ?? 'Failed'}: ${failed.message ?? ''}`.trim(),
        };
      if (condition('Complete')?.status === 'True') return { state: 'ready' };
      return {
        state: 'pending',
        reason: `${num(status.succeeded)} completions, ${num(status.active)} active`,
      };
    }
    case 'Pod': {
      const phase = status.phase as string | undefined;
      if (phase === 'Succeeded') return { state: 'ready' };
      if (phase === 'Failed')
        return {
          state: 'failed',
          reason:
            `${(status.reason as string) ?? 'Failed'}: ${(status.message as string) ?? ''}`.trim(),
        };
      if (condition('Ready')?.status === 'True') return { state: 'ready' };
      return { state: 'pending', reason: `pod is ${phase ?? 'Pending'}` };
    }
    default:
      return { state: 'ready' };
  }
}

export function describeObject(object: Pick<KubeObject, 'kind' | 'metadata'>): string {
  return `${object.kind}/${object.metadata.name}`;
}
