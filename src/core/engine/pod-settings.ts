// The part of a pod's spec that comes from the workflow's `pod` settings (Testkube's PodConfig),
// shared by gated pods and service pods. Kubernetes' own fields are passed through as written:
// the cluster checks them (a dry run before the run creates anything, see app/run/dry-run.ts).
// The few fields Shakedown also needs are combined rather than overwritten.
import type { PodSettings } from '../plan/model.js';
import { compact } from './container-spec.js';

/** PodSpec fields taken from the settings unchanged. */
export const PASSTHROUGH_POD_FIELDS = [
  'serviceAccountName',
  'nodeSelector',
  'tolerations',
  'imagePullSecrets',
  'securityContext',
  'dnsPolicy',
  'nodeName',
  'hostname',
  'subdomain',
  'affinity',
  'priorityClassName',
  'priority',
  'dnsConfig',
  'preemptionPolicy',
  'topologySpreadConstraints',
  'schedulingGates',
  'resourceClaims',
  'hostPID',
] as const satisfies readonly (keyof PodSettings)[];

export interface OwnPodFields {
  /** Shakedown's server-side backstop; a smaller one from the settings wins. */
  activeDeadlineSeconds: number;
  /** Entries Shakedown needs (a worker's own services), added after the settings' own. */
  hostAliases?: { ip: string; hostnames: string[] }[];
}

export function podSettingsSpec(settings: PodSettings, own: OwnPodFields): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  for (const key of PASSTHROUGH_POD_FIELDS) spec[key] = settings[key];
  spec.activeDeadlineSeconds = Math.min(
    own.activeDeadlineSeconds,
    settings.activeDeadlineSeconds ?? Number.POSITIVE_INFINITY,
  );
  const aliases = [...(settings.hostAliases ?? []), ...(own.hostAliases ?? [])];
  spec.hostAliases = aliases.length > 0 ? aliases : undefined;
  return compact(spec);
}
