// Services: each instance is its own pod running the image as it is (no wrapper: a service runs
// until the run ends and its entrypoint is wanted), plus one headless Service per service name
// so that steps reach it as `NAME` through cluster DNS.
import type { Vars } from '../expr/index.js';
import type { ServiceInstancePlan, ServicePlan } from '../plan/model.js';
import type { KubeObject } from '../../ports/kube.js';
import { layoutContent } from './content.js';
import { ROLE, runLabels, RUN_ID, SERVICE } from './labels.js';
import { podSettingsSpec } from './pod-settings.js';
import { contentConfigMapName, servicePodName } from './names.js';
import { compact, containerSpec } from './container-spec.js';
import { renderContainer, renderDeep } from './render.js';

export const SERVICE_CONTAINER = 'service';

export interface ServiceObjectsInput {
  namespace: string;
  runId: string;
  labels: Record<string, string>;
  vars: Vars;
  activeDeadlineSeconds: number;
}

export interface ServiceInstanceObjects {
  instance: ServiceInstancePlan;
  pod: KubeObject;
  configMap?: KubeObject;
}

/** Instance variables of a service for its own templates. */
function instanceVars(instance: ServiceInstancePlan): Vars {
  return {
    index: instance.index,
    count: instance.count,
    matrix: instance.matrix,
    shard: instance.shard,
  };
}

export function buildServiceInstance(
  service: ServicePlan,
  instance: ServiceInstancePlan,
  input: ServiceObjectsInput,
): ServiceInstanceObjects {
  const name = servicePodName(input.runId, instance.name);
  const vars = { ...input.vars, ...instanceVars(instance) };
  const c = renderContainer(instance.container, vars, service.path);
  const configMapName = contentConfigMapName(name);
  const content = layoutContent(
    service.content
      ? [{ scope: '', files: service.content.files, path: `${service.path}.content.files` }]
      : [],
    configMapName,
    vars,
    false,
  );
  const command = c.shell !== undefined ? ['/bin/sh', '-c', c.shell] : c.command;
  const args = c.shell !== undefined ? undefined : c.args;
  const settings = renderDeep(service.pod ?? {}, vars, `${service.path}.pod`);
  const labels = {
    ...input.labels,
    ...settings.labels,
    ...runLabels(input.runId),
    [ROLE]: 'service',
    [SERVICE]: service.name,
  };
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: compact({
      name,
      namespace: input.namespace,
      labels,
      annotations: settings.annotations,
    }),
    spec: compact({
      // The pod's own hostname, so that `hostname` inside it reads like the instance.
      hostname: instance.name.slice(0, 63),
      ...podSettingsSpec(settings, { activeDeadlineSeconds: input.activeDeadlineSeconds }),
      restartPolicy: service.restartPolicy ?? 'Never',
      terminationGracePeriodSeconds: 5,
      enableServiceLinks: false,
      volumes:
        content.volumes.length || settings.volumes?.length
          ? [...content.volumes, ...(settings.volumes ?? [])]
          : undefined,
      containers: [
        containerSpec(SERVICE_CONTAINER, c, {
          command,
          args,
          readinessProbe: service.readinessProbe,
          volumeMounts: [...(content.mounts.get('') ?? []), ...(c.volumeMounts ?? [])],
        }),
      ],
    }),
  };
  const configMap = content.configMap && {
    ...content.configMap,
    metadata: {
      ...content.configMap.metadata,
      namespace: input.namespace,
      labels: { ...input.labels, ...runLabels(input.runId), [ROLE]: 'service' },
    },
  };
  return configMap ? { instance, pod, configMap } : { instance, pod };
}

/**
 * Headless, and publishing addresses before readiness: the engine itself waits for readiness,
 * and publishing early spares the steps a DNS propagation delay.
 */
export function buildServiceDns(service: ServicePlan, input: ServiceObjectsInput): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: service.name,
      namespace: input.namespace,
      labels: { ...runLabels(input.runId), [ROLE]: 'service', [SERVICE]: service.name },
    },
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: { [RUN_ID]: input.runId, [SERVICE]: service.name },
    },
  };
}
