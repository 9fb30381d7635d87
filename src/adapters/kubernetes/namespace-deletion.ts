// Deleting a namespace is asynchronous (finalizers, then everything inside goes): we start it
// and wait until the API reports it gone, through a watch rather than polling.
import type { Watch } from '@kubernetes/client-node';
import { KubeError, type KubeObject } from '../../ports/kube.js';
import { toKubeError } from './errors.js';
import type { PlainApi } from './plain-api.js';
import { watchObjects, type WatchTiming } from './watch.js';

export async function deleteNamespace(
  api: PlainApi,
  watcher: Watch,
  name: string,
  timeoutMs: number,
  timing: WatchTiming,
): Promise<void> {
  const path = `/api/v1/namespaces/${encodeURIComponent(name)}`;
  const doing = `delete namespace '${name}'`;
  let current: KubeObject;
  try {
    current = (await api.send('DELETE', path)) as KubeObject;
  } catch (error) {
    const failure = toKubeError(error, doing);
    if (failure.kind === 'NotFound') return;
    throw failure;
  }
  // A Status instead of the Namespace means it is already gone (no finalizers left).
  if (current.kind === 'Status') return;
  // The DELETE answers with the namespace as it now is (Terminating): watching from its
  // resourceVersion cannot miss the moment it goes, however quickly that happens.
  const signal = AbortSignal.timeout(timeoutMs);
  const since = { resourceVersion: current.metadata.resourceVersion ?? '', objects: [current] };
  const target = {
    apiVersion: 'v1',
    kind: 'Namespace',
    fieldSelector: `metadata.name=${name}`,
    since,
  };
  for await (const event of watchObjects(api, watcher, target, signal, timing)) {
    if (event.type === 'DELETED') return;
    if (
      event.type === 'ERROR' &&
      (event.error.kind === 'Forbidden' || event.error.kind === 'Unauthorized')
    )
      throw event.error;
    if (event.type !== 'ERROR') current = event.object;
  }
  throw new KubeError(
    'Timeout',
    `${doing}: still there after ${Number((timeoutMs / 1000).toFixed(1))} s (${namespaceState(current)})`,
  );
}

/** Why a namespace is still there: its phase and the conditions the namespace controller set. */
function namespaceState(namespace: KubeObject): string {
  const status = namespace.status as
    | { phase?: string; conditions?: { type: string; status: string; message?: string }[] }
    | undefined;
  const blocking = (status?.conditions ?? [])
    .filter((c) => c.status === 'True')
    .map((c) => `${c.type}: ${c.message ?? ''}`.trim());
  return [`phase ${status?.phase ?? 'unknown'}`, ...blocking].join('; ');
}
