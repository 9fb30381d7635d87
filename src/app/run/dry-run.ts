// Kubernetes checks its own fields: before the run creates anything but its namespace, the pod
// settings of the workflow (spec.pod, spec.job) and of each service (services.NAME.pod) go
// through a server-side dry run (dryRun=All: validation and admission, nothing persisted). The
// run's real pods are built later (they need the services' addresses), so each dry run uses a
// stand-in pod: the same settings, one trivial container. A refusal is reported with the API's
// field paths turned into the workflow's (`spec.topologySpreadConstraints[0]` →
// `spec.pod.topologySpreadConstraints[0]`).
import { runLabels } from '../../core/engine/labels.js';
import { podSettingsSpec } from '../../core/engine/pod-settings.js';
import { compact } from '../../core/engine/container-spec.js';
import { RenderError, renderDeep } from '../../core/engine/render.js';
import type { Vars } from '../../core/expr/index.js';
import type { Plan, PodSettings, ServicePlan, StepPlan } from '../../core/plan/model.js';
import { KubeError, type KubeObject } from '../../ports/kube.js';
import { createObject } from './create-object.js';
import { RunError, type RunContext } from './run-context.js';

interface Checked {
  /** Where the settings are written, e.g. `spec.pod` or `spec.services.db.pod`. */
  path: string;
  settings: PodSettings;
}

export async function dryRunPods(
  ctx: RunContext,
  plan: Plan,
  namespace: string,
  toolboxImage: string,
  vars: Vars,
): Promise<void> {
  const checks: Checked[] = [{ path: 'spec.pod', settings: plan.pod }];
  for (const service of [...plan.services, ...stepServices(plan.steps)]) {
    if (service.pod) checks.push({ path: `${service.path}.pod`, settings: service.pod });
  }
  const refusals: string[] = [];
  for (const [i, check] of checks.entries()) {
    let settings: PodSettings;
    try {
      settings = renderDeep(check.settings, vars, check.path);
    } catch (error) {
      // Settings that need the services' addresses are checked when their pod is created.
      if (error instanceof RenderError) continue;
      throw error;
    }
    const pod = standIn(
      settings,
      `sd-${ctx.runId}-dry-run-${i}`,
      namespace,
      ctx.runId,
      toolboxImage,
    );
    try {
      await createObject(ctx, pod, { dryRun: true });
    } catch (error) {
      if (!(error instanceof KubeError) || (error.kind !== 'Invalid' && error.kind !== 'Forbidden'))
        throw error;
      refusals.push(`${check.path}: ${workflowPaths(error.message, check.path)}`);
    }
  }
  if (refusals.length > 0) {
    throw new RunError(
      `the cluster refused the pod settings (server-side dry run, nothing was created):\n${refusals.join('\n')}`,
      'Invalid',
    );
  }
}

function stepServices(steps: StepPlan[]): ServicePlan[] {
  return steps.flatMap((s) => [...s.services, ...stepServices(s.steps)]);
}

function standIn(
  settings: PodSettings,
  name: string,
  namespace: string,
  runId: string,
  image: string,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: compact({
      name,
      namespace,
      labels: { ...settings.labels, ...runLabels(runId) },
      annotations: settings.annotations,
    }),
    spec: compact({
      ...podSettingsSpec(settings, { activeDeadlineSeconds: 60 }),
      restartPolicy: 'Never',
      volumes: settings.volumes,
      containers: [{ name: 'check', image, command: ['true'] }],
    }),
  };
}

/** The API names fields of the stand-in pod (`spec.x`, `metadata.labels`); say where they are written. */
export function workflowPaths(message: string, path: string): string {
  // The stand-in's name means nothing to the reader; the API's reasons follow "is invalid: ".
  return message
    .replace(/^[^]*? is invalid: /, '')
    .replace(/\bspec\.(?=[A-Za-z])/g, `${path}.`)
    .replace(/\bmetadata\.(labels|annotations)\b/g, `${path}.$1`);
}
