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
import { renderTransfers, transferMounts, type Transfer } from './transfer.js';
import { BUSYBOX, GATE_DIR, SHAKEDOWN_DIR, TOOLBOX_BUSYBOX } from './wrapper.js';

export const SERVICE_CONTAINER = 'service';
/** Holds a service with `transfer` until its files are in place (the engine opens its gate). */
export const SERVICE_TRANSFER_CONTAINER = 'shakedown-transfer';

export interface ServiceObjectsInput {
  namespace: string;
  runId: string;
  /** Names objects instead of the run id (a child run's own, so its names do not collide). */
  nameId?: string;
  labels: Record<string, string>;
  vars: Vars;
  activeDeadlineSeconds: number;
  /** Image of the transfer init container (a static busybox at /bin/busybox). */
  toolboxImage?: string;
}

export interface ServiceInstanceObjects {
  instance: ServiceInstancePlan;
  pod: KubeObject;
  configMap?: KubeObject;
  /** services.NAME.transfer, rendered: the pod waits in its init container until they are placed. */
  transfers?: Transfer[];
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
  const name = servicePodName(input.nameId ?? input.runId, instance.name);
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
  const transfers = renderTransfers(instance.transfer, vars, `${service.path}.transfer`);
  const hold = transferHold(transfers, c.volumeMounts ?? [], service.path, input.toolboxImage);
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
        content.volumes.length || settings.volumes?.length || hold
          ? [...content.volumes, ...(hold?.volumes ?? []), ...(settings.volumes ?? [])]
          : undefined,
      initContainers: hold && [hold.initContainer],
      containers: [
        containerSpec(SERVICE_CONTAINER, c, {
          command,
          args,
          readinessProbe: service.readinessProbe,
          volumeMounts: [
            ...(content.mounts.get('') ?? []),
            ...(hold?.mounts ?? []),
            ...(c.volumeMounts ?? []),
          ],
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
  return {
    instance,
    pod,
    ...(configMap && { configMap }),
    ...(transfers.length > 0 && { transfers }),
  };
}

/**
 * A service pod has no /data, so every transfer's `to` gets an emptyDir (unless the service
 * mounts a volume there itself), and an init container that waits for its gate while the
 * engine places the files through it.
 */
function transferHold(
  transfers: Transfer[],
  volumeMounts: unknown[],
  path: string,
  toolboxImage: string | undefined,
) {
  if (transfers.length === 0) return undefined;
  if (!toolboxImage) throw new Error(`${path}.transfer: no toolbox image for the transfer`);
  const own = volumeMounts.flatMap((m) => {
    const at = (m as { mountPath?: unknown }).mountPath;
    return typeof at === 'string' ? [at] : [];
  });
  const dirs = transferMounts(transfers, own, `${path}.transfer`, false);
  const volumes = [
    { name: 'shakedown', emptyDir: {} },
    ...dirs.map((_, i) => ({ name: `shared-${i}`, emptyDir: {} })),
  ];
  const mounts = dirs.map((dir, i) => ({ name: `shared-${i}`, mountPath: dir }));
  const script = [
    `B=${TOOLBOX_BUSYBOX}`,
    `"$B" mkdir -p ${SHAKEDOWN_DIR}/bin ${GATE_DIR}`,
    `"$B" cp "$B" ${BUSYBOX}`,
    `while [ ! -f ${GATE_DIR}/${SERVICE_TRANSFER_CONTAINER} ]; do "$B" sleep 0.1; done`,
  ].join('\n');
  const initContainer = {
    name: SERVICE_TRANSFER_CONTAINER,
    image: toolboxImage,
    imagePullPolicy: 'IfNotPresent',
    command: [TOOLBOX_BUSYBOX, 'sh', '-c', script],
    volumeMounts: [{ name: 'shakedown', mountPath: SHAKEDOWN_DIR }, ...mounts],
  };
  return { volumes, mounts, initContainer };
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
