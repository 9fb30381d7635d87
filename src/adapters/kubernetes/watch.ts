// A watch as an async generator: list, then watch from the list's resourceVersion; resume from
// the last seen resourceVersion when the stream ends; relist after 410 Gone. Consumers see
// plain events (errors as values) and stop by aborting the signal or breaking out of the loop;
// either way the HTTP stream is closed in `finally`.
import { Watch } from '@kubernetes/client-node';
import type { KubeErrorKind, KubeObject, WatchEvent } from '../../ports/kube.js';
import { KubeError } from '../../ports/kube.js';
import { kindOfStatus, toKubeError } from './errors.js';
import { sleep } from './sleep.js';
import type { PlainApi } from './plain-api.js';

export { sleep };

export interface WatchTarget {
  apiVersion: string;
  kind: string;
  /** Omitted for cluster-scoped kinds. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /**
   * Start from a state already read (an object just fetched) instead of listing: events after
   * that resourceVersion are delivered, and a relist reports these objects DELETED if gone.
   */
  since?: { resourceVersion: string; objects: KubeObject[] };
}

export interface WatchTiming {
  /**
   * Asks the server to end each watch request after this long; we then resume. client-node's
   * Watch drops a connection that is silent for 30 s (a dead peer), so a quiet watch must be
   * ended by the server before that to resume cleanly instead of through a timeout.
   */
  serverTimeoutSeconds: number;
  /** First retry delay after a failed request; doubles up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_WATCH_TIMING: WatchTiming = {
  serverTimeoutSeconds: 25,
  backoffMs: 500,
  maxBackoffMs: 10_000,
};

// Retrying these cannot help: the request itself is wrong or not allowed.
const FATAL: ReadonlySet<KubeErrorKind> = new Set([
  'Forbidden',
  'Unauthorized',
  'Invalid',
  'NotFound',
]);

type Raw = { type: string; object: Record<string, unknown> };
type SessionItem = { event: Raw } | { end: unknown };

/** Callback-to-pull bridge for one watch request. */
class Inbox {
  private items: SessionItem[] = [];
  private wake?: () => void;

  push(item: SessionItem): void {
    this.items.push(item);
    this.wake?.();
  }

  async next(): Promise<SessionItem> {
    while (this.items.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = undefined;
    return this.items.shift() as SessionItem;
  }
}

function untilAborted(signal: AbortSignal): Promise<undefined> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(undefined);
    else signal.addEventListener('abort', () => resolve(undefined), { once: true });
  });
}

function keyOf(object: KubeObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

function isTimeout(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: unknown }).name === 'TimeoutError'
  );
}

export async function* watchObjects(
  api: PlainApi,
  watcher: Watch,
  target: WatchTarget,
  signal: AbortSignal,
  timing: WatchTiming = DEFAULT_WATCH_TIMING,
): AsyncGenerator<WatchEvent> {
  const what = `watch ${target.kind}${target.namespace ? ` in namespace '${target.namespace}'` : ''}`;
  const known = new Map((target.since?.objects ?? []).map((object) => [keyOf(object), object]));
  let resourceVersion = target.since?.resourceVersion;
  let failures = 0;
  let controller: AbortController | undefined;
  const abortSession = () => controller?.abort();
  signal.addEventListener('abort', abortSession);
  // One promise for the whole watch, so racing it per request adds no listener each time.
  const aborted = untilAborted(signal);

  const withType = (object: Record<string, unknown>): KubeObject =>
    ({ apiVersion: target.apiVersion, kind: target.kind, ...object }) as KubeObject;
  const backoff = () =>
    sleep(Math.min(timing.backoffMs * 2 ** failures++, timing.maxBackoffMs), signal);

  try {
    let collection: string;
    try {
      collection = (await api.locate(target.apiVersion, target.kind, target.namespace)).collection;
    } catch (error) {
      yield { type: 'ERROR', error: toKubeError(error, what) };
      return;
    }
    const selectors = { labelSelector: target.labelSelector, fieldSelector: target.fieldSelector };

    while (!signal.aborted) {
      if (resourceVersion === undefined) {
        let list: { metadata?: { resourceVersion?: string }; items?: Record<string, unknown>[] };
        try {
          list = (await api.send('GET', collection, { query: selectors, signal })) as typeof list;
        } catch (error) {
          if (signal.aborted) return;
          const mappedError = toKubeError(error, `list ${target.kind} for ${what}`);
          yield { type: 'ERROR', error: mappedError };
          if (FATAL.has(mappedError.kind)) return;
          await backoff();
          continue;
        }
        failures = 0;
        const found = (list.items ?? []).map(withType);
        const present = new Set(found.map(keyOf));
        // After a relist, what vanished during the gap would otherwise never be reported.
        for (const [key, object] of [...known]) {
          if (!present.has(key)) {
            known.delete(key);
            yield { type: 'DELETED', object };
          }
        }
        for (const object of found) {
          known.set(keyOf(object), object);
          yield { type: 'ADDED', object };
        }
        resourceVersion = list.metadata?.resourceVersion ?? '';
      }

      const inbox = new Inbox();
      const query = {
        ...selectors,
        resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds: timing.serverTimeoutSeconds,
      };
      // Watch.watch resolves only once the response headers arrive, and only then hands out
      // the controller that can cancel it: race it against the signal. (An API server sends
      // a watch's headers at once; a request stuck before them ends by Watch's own timeout.)
      const opening = watcher.watch(
        collection,
        query,
        (type, object) => inbox.push({ event: { type, object } }),
        (end) => inbox.push({ end }),
      );
      let opened: AbortController | undefined;
      try {
        opened = await Promise.race([opening, aborted]);
      } catch (error) {
        // Credentials are applied before the request: an exec plugin failing lands here.
        const mappedError = toKubeError(error, what);
        yield { type: 'ERROR', error: mappedError };
        if (FATAL.has(mappedError.kind)) return;
        await backoff();
        continue;
      }
      if (!opened) {
        opening.then(
          (late) => late.abort(),
          () => undefined,
        );
        return;
      }
      controller = opened;
      if (signal.aborted) return;

      let received = false;
      const openedAt = Date.now();
      for (;;) {
        const item = await inbox.next();
        if ('end' in item) {
          if (signal.aborted || isTimeout(item.end)) break;
          if (!item.end) {
            // A server that keeps closing at once must not turn this into a busy loop.
            if (!received && Date.now() - openedAt < 1000) await backoff();
            break;
          }
          const error = toKubeError(item.end, what);
          if (error.kind === 'Gone') {
            resourceVersion = undefined;
            break;
          }
          // A stream that dropped after delivering events just resumes; a request that could
          // not even start is worth reporting.
          if (!received) {
            yield { type: 'ERROR', error };
            if (FATAL.has(error.kind)) return;
            await backoff();
          }
          break;
        }
        received = true;
        failures = 0;
        const { type, object } = item.event;
        const version = (object.metadata as { resourceVersion?: string } | undefined)
          ?.resourceVersion;
        if (type === 'ERROR') {
          const status = object as { code?: number; reason?: string; message?: string };
          const kind = kindOfStatus(status.code ?? 500, status.reason);
          controller.abort();
          if (kind === 'Gone') {
            resourceVersion = undefined;
            break;
          }
          yield {
            type: 'ERROR',
            error: new KubeError(kind, `${what}: ${status.message ?? kind}`, status.code),
          };
          if (FATAL.has(kind)) return;
          await backoff();
          break;
        }
        if (version) resourceVersion = version;
        if (type === 'BOOKMARK') continue;
        if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED') continue;
        const typed = withType(object);
        if (type === 'DELETED') known.delete(keyOf(typed));
        else known.set(keyOf(typed), typed);
        yield { type, object: typed };
      }
    }
  } finally {
    signal.removeEventListener('abort', abortSession);
    controller?.abort();
  }
}
