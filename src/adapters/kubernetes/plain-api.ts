// Plain-JSON requests through client-node's own machinery (auth, TLS, exec plugins, proxies).
// KubernetesObjectApi would deserialise responses into model classes (Dates instead of strings)
// and serialise request bodies through its models, silently dropping fields it does not know —
// fatal for server-side apply of manifests written for a newer cluster. So we keep its
// discovery-driven paths and transport, and send and return JSON exactly as the API has it.
import {
  ApiException,
  HttpMethod,
  KubernetesObjectApi,
  type KubeConfig,
  type KubernetesObject,
  type ResponseContext,
  type V1APIResource,
} from '@kubernetes/client-node';
import { bodyExcerpt } from '../../core/http/body-excerpt.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../../core/http/retry-policy.js';
import { KubeError } from '../../ports/kube.js';
import { mapped } from './errors.js';
import { withRetries } from './request-retry.js';

export type Query = Record<string, string | number | boolean | undefined>;

export interface SendOptions {
  query?: Query;
  body?: unknown;
  contentType?: string;
  /** Defaults to the API's request timeout. */
  timeoutMs?: number;
  /** Cancels the request early. */
  signal?: AbortSignal;
  /**
   * Retries a POST that creates a named object (GET, DELETE and apply PATCHes are always
   * retried): a repeat that meets AlreadyExists returns the object an earlier attempt made.
   */
  createByName?: boolean;
  /** Retries a POST that changes nothing (access reviews). */
  readOnly?: boolean;
}

interface ResourceList {
  resources: { name: string; kind: string; namespaced: boolean }[];
}

/** Where a kind lives: its collection path in a namespace, and whether it is namespaced. */
export interface ResourceLocation {
  collection: string;
  namespaced: boolean;
  resource: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** Error bodies are read for a message only; a proxy's page beyond this is not kept. */
const ERROR_BODY_CHARS = 64 * 1024;

export class PlainApi extends KubernetesObjectApi {
  private readonly discovery = new Map<string, Promise<ResourceList>>();
  retryPolicy: RetryPolicy = DEFAULT_RETRY;

  static create(kc: KubeConfig, retryPolicy: RetryPolicy = DEFAULT_RETRY): PlainApi {
    const api = kc.makeApiClient(PlainApi);
    api.retryPolicy = retryPolicy;
    return api;
  }

  /**
   * Sends a request, retrying idempotent ones on 429, 5xx and dropped connections (honouring
   * Retry-After); resolves with the parsed JSON body, rejects with client-node errors.
   */
  async send(
    method: keyof typeof HttpMethod,
    path: string,
    options: SendOptions = {},
  ): Promise<unknown> {
    const idempotent =
      method === 'GET' ||
      method === 'HEAD' ||
      method === 'DELETE' ||
      (method === 'PATCH' && options.contentType === 'application/apply-patch+yaml');
    if (!idempotent && !options.createByName && !options.readOnly)
      return this.sendOnce(method, path, options);
    return withRetries(this.retryPolicy, options.signal, async (attempt) => {
      try {
        return await this.sendOnce(method, path, options);
      } catch (error) {
        const name = (options.body as { metadata?: { name?: string } } | undefined)?.metadata?.name;
        // A repeat that meets AlreadyExists: the earlier attempt created it before its answer
        // was lost.
        if (attempt > 1 && options.createByName && name && isAlreadyExists(error)) {
          return this.sendOnce('GET', `${path}/${encodeURIComponent(name)}`, {
            signal: options.signal,
          });
        }
        throw error;
      }
    });
  }

  private async sendOnce(
    method: keyof typeof HttpMethod,
    path: string,
    options: SendOptions,
  ): Promise<unknown> {
    const context = this.configuration.baseServer.makeRequestContext(path, HttpMethod[method]);
    context.setHeaderParam('Accept', 'application/json');
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) context.setQueryParam(key, String(value));
    }
    if (options.body !== undefined) {
      context.setHeaderParam('Content-Type', options.contentType ?? 'application/json');
      context.setBody(JSON.stringify(options.body));
    }
    const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    context.setSignal(options.signal ? AbortSignal.any([timeout, options.signal]) : timeout);
    return this.requestPromise(context);
  }

  /** Resolves apiVersion + kind to its REST path by discovery (cached per apiVersion). */
  async locate(apiVersion: string, kind: string, namespace?: string): Promise<ResourceLocation> {
    const found = await this.resource(apiVersion, kind);
    if (!found) {
      throw new KubeError(
        'Invalid',
        `the cluster serves no kind '${kind}' in apiVersion '${apiVersion}'`,
      );
    }
    const parts = [this.apiVersionPath(apiVersion)];
    if (found.namespaced) {
      if (!namespace) {
        throw new KubeError('Invalid', `${kind} is namespaced but no namespace was given`);
      }
      parts.push('namespaces', encodeURIComponent(namespace));
    }
    parts.push(found.name);
    return { collection: parts.join('/'), namespaced: found.namespaced, resource: found.name };
  }

  /** Path of one named object. */
  async objectPath(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): Promise<string> {
    const location = await this.locate(apiVersion, kind, namespace);
    return `${location.collection}/${encodeURIComponent(name)}`;
  }

  protected override async resource(
    apiVersion: string,
    kind: string,
  ): Promise<V1APIResource | undefined> {
    let list = this.discovery.get(apiVersion);
    if (!list) {
      list = mapped(`discover the resources of apiVersion '${apiVersion}'`, async () => {
        const body = await this.send('GET', this.apiVersionPath(apiVersion));
        return body as ResourceList;
      });
      this.discovery.set(apiVersion, list);
      // A failed discovery (e.g. the API was briefly unreachable) must not be cached.
      list.catch(() => this.discovery.delete(apiVersion));
    }
    const resources = await list.catch((error: unknown) => {
      if (error instanceof KubeError && error.kind === 'NotFound') {
        throw new KubeError(
          'Invalid',
          `apiVersion '${apiVersion}' is not served by the cluster`,
          404,
        );
      }
      throw error;
    });
    // Subresources (pods/status) share their parent's kind; the parent comes first but is not
    // guaranteed to, so skip anything with a slash.
    return resources.resources.find((r) => r.kind === kind && !r.name.includes('/')) as
      V1APIResource | undefined;
  }

  protected override async processResponse<T extends KubernetesObject>(
    response: ResponseContext,
  ): Promise<T> {
    const text = await response.body.text();
    if (response.httpStatusCode >= 200 && response.httpStatusCode <= 299) {
      return (text ? JSON.parse(text) : {}) as T;
    }
    // ApiException puts the body into its message: it must not carry a proxy's whole page.
    let body: unknown;
    try {
      body = JSON.parse(text.slice(0, ERROR_BODY_CHARS));
    } catch {
      // Not every failure is a Status document (proxies, load balancers).
      body = text.trim() ? { message: bodyExcerpt(text) } : '';
    }
    throw new ApiException(
      response.httpStatusCode,
      'Unsuccessful HTTP Request',
      body,
      response.headers,
    );
  }
}

function isAlreadyExists(error: unknown): boolean {
  const { code, body } = error as { code?: unknown; body?: { reason?: unknown } };
  return code === 409 && body?.reason === 'AlreadyExists';
}
