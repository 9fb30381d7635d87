// Labels that mark every object a run creates. They are how cleanup finds a run's objects (also
// after the process was killed: `shakedown cleanup --run-id`) and how watches are scoped to one
// run, so they are applied everywhere, including to objects from --manifests.

export const MANAGED_BY = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'shakedown';
export const RUN_ID = 'shakedown.dev/run-id';
/** workflow | worker | service */
export const ROLE = 'shakedown.dev/role';
/**
 * Objects that belong to one parallel worker (its pod, its services) carry the worker pod's
 * name, so they can be removed together as soon as the worker is done.
 */
export const SCOPE = 'shakedown.dev/scope';
/** Service name on service pods, so the headless Service can select its instances. */
export const SERVICE = 'shakedown.dev/service';
export const RUN_URL_ANNOTATION = 'shakedown.dev/run-url';
export const WORKFLOW_ANNOTATION = 'shakedown.dev/workflow';

export type PodRole = 'workflow' | 'worker' | 'service';

export function runLabels(runId: string): Record<string, string> {
  return { [MANAGED_BY]: MANAGED_BY_VALUE, [RUN_ID]: runId };
}

export function runSelector(runId: string): string {
  return `${MANAGED_BY}=${MANAGED_BY_VALUE},${RUN_ID}=${runId}`;
}

/** A run id is also a label value and part of object names: lowercase alphanumerics only. */
export function isRunId(text: string): boolean {
  return /^[a-z0-9]{4,20}$/.test(text);
}
