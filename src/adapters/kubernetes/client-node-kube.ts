// The KubePort on top of @kubernetes/client-node. Objects go in and out as the API's own JSON;
// every failure leaves as a KubeError naming what was being done.
import { Watch } from '@kubernetes/client-node';
import { DEFAULT_RETRY, type RetryPolicy } from '../../core/http/retry-policy.js';
import {
  KubeError,
  type AccessNeed,
  type ExecOptions,
  type ExecResult,
  type Identity,
  type KubeObject,
  type KubePort,
  type WatchEvent,
} from '../../ports/kube.js';
import { identify, missingAccess } from './access.js';
import type { KubeConnection } from './connect.js';
import { mapped, toKubeError } from './errors.js';
import { execInPod } from './exec.js';
import { kubeconfigSecrets } from './kubeconfig-secrets.js';
import { followContainerLogs } from './logs.js';
import { deleteNamespace } from './namespace-deletion.js';
import { PlainApi } from './plain-api.js';
import { DEFAULT_WATCH_TIMING, watchObjects, type WatchTiming } from './watch.js';

export const FIELD_MANAGER = 'shakedown';
const APPLY_PATCH = 'application/apply-patch+yaml';

interface List {
  metadata?: { resourceVersion?: string };
  items?: Record<string, unknown>[];
}

interface CoreEvent {
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  lastTimestamp?: string;
  eventTime?: string;
  firstTimestamp?: string;
  metadata?: { creationTimestamp?: string };
}

const inNamespace = (namespace: string) => `in namespace '${namespace}'`;
const describe = (object: KubeObject) =>
  `${object.kind} '${object.metadata.name}'${object.metadata.namespace ? ` ${inNamespace(object.metadata.namespace)}` : ''}`;
const typed = (items: Record<string, unknown>[] | undefined, apiVersion: string, kind: string) =>
  (items ?? []).map((item) => ({ apiVersion, kind, ...item }) as KubeObject);

export class ClientNodeKube implements KubePort {
  private readonly api: PlainApi;
  private readonly watcher: Watch;

  constructor(
    private readonly connection: KubeConnection,
    private readonly watchTiming: WatchTiming = DEFAULT_WATCH_TIMING,
    retryPolicy: RetryPolicy = DEFAULT_RETRY,
  ) {
    this.api = PlainApi.create(connection.config, retryPolicy);
    this.watcher = new Watch(connection.config);
  }

  credentials(): string[] {
    return kubeconfigSecrets(this.connection.config);
  }

  identity(): Promise<Identity> {
    return identify(
      this.connection.config,
      this.api,
      this.connection.context,
      this.connection.server,
    );
  }

  missingAccess(needs: AccessNeed[]): Promise<AccessNeed[]> {
    return missingAccess(this.api, needs);
  }

  async createNamespace(
    name: string,
    labels: Record<string, string>,
    annotations: Record<string, string>,
  ): Promise<void> {
    const body = { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels, annotations } };
    await mapped(`create namespace '${name}'`, () =>
      this.api.send('POST', '/api/v1/namespaces', { body, createByName: true }),
    );
  }

  deleteNamespace(name: string, timeoutMs: number): Promise<void> {
    return deleteNamespace(this.api, this.watcher, name, timeoutMs, this.watchTiming);
  }

  async listNamespaces(labelSelector: string): Promise<KubeObject[]> {
    const list = (await mapped(`list namespaces with labels '${labelSelector}'`, () =>
      this.api.send('GET', '/api/v1/namespaces', { query: { labelSelector } }),
    )) as List;
    return typed(list.items, 'v1', 'Namespace');
  }

  async listNodes(): Promise<KubeObject[]> {
    const list = (await mapped('list nodes', () =>
      this.api.send('GET', '/api/v1/nodes', { query: { limit: 500 } }),
    )) as List;
    return typed(list.items, 'v1', 'Node');
  }

  async create(object: KubeObject, options: { dryRun?: boolean } = {}): Promise<KubeObject> {
    const doing = `${options.dryRun ? 'dry-run create' : 'create'} ${describe(object)}`;
    return mapped(doing, async () => {
      const { collection } = await this.api.locate(
        object.apiVersion,
        object.kind,
        object.metadata.namespace,
      );
      const query = options.dryRun ? { dryRun: 'All' } : undefined;
      return (await this.api.send('POST', collection, {
        body: object,
        ...(query ? { query } : { createByName: true }),
      })) as KubeObject;
    });
  }

  async apply(objects: KubeObject[], namespace: string): Promise<KubeObject[]> {
    const applied: KubeObject[] = [];
    // In order: later manifests may depend on earlier ones (a ConfigMap before its Deployment).
    for (const object of objects) {
      const target = {
        ...object,
        metadata: { ...object.metadata, namespace: object.metadata.namespace ?? namespace },
      };
      const doing = `apply ${describe(target)}`;
      applied.push(
        await mapped(doing, async () => {
          const location = await this.api.locate(object.apiVersion, object.kind, namespace);
          if (!location.namespaced) {
            throw new KubeError(
              'Invalid',
              `${doing}: ${object.kind} is cluster-scoped; only namespaced objects are applied, into the run's namespace`,
            );
          }
          if (target.metadata.namespace !== namespace) {
            throw new KubeError(
              'Invalid',
              `${doing}: the manifest names namespace '${target.metadata.namespace}', but objects go into '${namespace}'`,
            );
          }
          const path = `${location.collection}/${encodeURIComponent(object.metadata.name)}`;
          const query = { fieldManager: FIELD_MANAGER, force: true };
          return (await this.api.send('PATCH', path, {
            query,
            body: target,
            contentType: APPLY_PATCH,
          })) as KubeObject;
        }),
      );
    }
    return applied;
  }

  async get(
    apiVersion: string,
    kind: string,
    namespace: string,
    name: string,
  ): Promise<KubeObject | undefined> {
    try {
      const path = await this.api.objectPath(apiVersion, kind, namespace, name);
      return (await this.api.send('GET', path)) as KubeObject;
    } catch (error) {
      const failure = toKubeError(error, `read ${kind} '${name}' ${inNamespace(namespace)}`);
      if (failure.kind === 'NotFound') return undefined;
      throw failure;
    }
  }

  async deleteCollection(
    namespace: string,
    kinds: { apiVersion: string; kind: string }[],
    labelSelector: string,
  ): Promise<void> {
    for (const { apiVersion, kind } of kinds) {
      const doing = `delete ${kind} objects with labels '${labelSelector}' ${inNamespace(namespace)}`;
      const { collection } = await mapped(doing, () =>
        this.api.locate(apiVersion, kind, namespace),
      );
      const query = { labelSelector, propagationPolicy: 'Background' };
      try {
        await this.api.send('DELETE', collection, { query });
      } catch (error) {
        const failure = toKubeError(error, doing);
        if (failure.kind === 'NotFound') continue;
        // Some resources do not serve deletecollection, and a namespace Role may grant only
        // list and delete: then delete them one by one.
        if (failure.status !== 405 && failure.kind !== 'Forbidden') throw failure;
        await this.deleteEach(collection, labelSelector, doing);
      }
    }
  }

  private async deleteEach(
    collection: string,
    labelSelector: string,
    doing: string,
  ): Promise<void> {
    const list = (await mapped(doing, () =>
      this.api.send('GET', collection, { query: { labelSelector } }),
    )) as List;
    for (const item of (list.items ?? []) as KubeObject[]) {
      await mapped(doing, () =>
        this.api.send('DELETE', `${collection}/${encodeURIComponent(item.metadata.name)}`, {
          query: { propagationPolicy: 'Background' },
        }),
      ).catch((error: KubeError) => {
        if (error.kind !== 'NotFound') throw error;
      });
    }
  }

  watch(
    apiVersion: string,
    kind: string,
    namespace: string,
    labelSelector: string | undefined,
    signal: AbortSignal,
  ): AsyncIterable<WatchEvent> {
    return watchObjects(
      this.api,
      this.watcher,
      { apiVersion, kind, namespace, labelSelector },
      signal,
      this.watchTiming,
    );
  }

  exec(
    namespace: string,
    pod: string,
    container: string,
    command: string[],
    stdin?: Buffer,
    options?: ExecOptions,
  ): Promise<ExecResult> {
    return execInPod(this.connection.config, namespace, pod, container, command, stdin, options);
  }

  followLogs(
    namespace: string,
    pod: string,
    container: string,
    onChunk: (text: string) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const deps = { config: this.connection.config, api: this.api, watcher: this.watcher };
    return followContainerLogs(deps, namespace, pod, container, onChunk, signal);
  }

  async events(
    namespace: string,
    name: string,
  ): Promise<{ reason: string; message: string; type: string }[]> {
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`;
    const list = (await mapped(`list the events of '${name}' ${inNamespace(namespace)}`, () =>
      this.api.send('GET', path, { query: { fieldSelector: `involvedObject.name=${name}` } }),
    )) as { items?: CoreEvent[] };
    const time = (e: CoreEvent) =>
      e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp ?? '';
    return (list.items ?? [])
      .sort((a, b) => Date.parse(time(a)) - Date.parse(time(b)))
      .map((e) => ({ reason: e.reason ?? '', message: e.message ?? '', type: e.type ?? '' }));
  }
}
