// Follows one container's log from its first line to its last, whatever the container is
// doing when we start: not created yet (we wait for it through a watch, not by polling),
// running, or already finished. A dropped stream resumes where it stopped, so no line is lost
// or repeated.
import { Writable } from 'node:stream';
import { Log, type KubeConfig, type Watch } from '@kubernetes/client-node';
import { KubeError, type KubeObject } from '../../ports/kube.js';
import { toKubeError } from './errors.js';
import { LogLines, sinceTimeOf } from './log-lines.js';
import type { PlainApi } from './plain-api.js';
import { sleep, watchObjects } from './watch.js';

export interface LogDeps {
  config: KubeConfig;
  api: PlainApi;
  watcher: Watch;
}

interface ContainerState {
  running?: unknown;
  terminated?: unknown;
}
interface PodShape extends KubeObject {
  spec?: {
    containers?: { name: string }[];
    initContainers?: { name: string }[];
    ephemeralContainers?: { name: string }[];
  };
  status?: {
    phase?: string;
    containerStatuses?: { name: string; state?: ContainerState }[];
    initContainerStatuses?: { name: string; state?: ContainerState }[];
    ephemeralContainerStatuses?: { name: string; state?: ContainerState }[];
  };
}

type Phase = 'pending' | 'running' | 'terminated' | 'never' | 'gone';

/** What the pod says about the container: whether its log can be (or will ever be) read. */
export function containerPhase(pod: PodShape | undefined, container: string): Phase {
  if (!pod) return 'gone';
  const declared = [
    ...(pod.spec?.initContainers ?? []),
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.ephemeralContainers ?? []),
  ];
  if (pod.spec && !declared.some((c) => c.name === container)) {
    throw new KubeError(
      'Invalid',
      `pod '${pod.metadata.name}' has no container '${container}' (containers: ${declared.map((c) => c.name).join(', ')})`,
    );
  }
  const status = pod.status;
  const statuses = [
    ...(status?.initContainerStatuses ?? []),
    ...(status?.containerStatuses ?? []),
    ...(status?.ephemeralContainerStatuses ?? []),
  ];
  const state = statuses.find((s) => s.name === container)?.state;
  if (state?.running) return 'running';
  if (state?.terminated) return 'terminated';
  // A finished pod will never start a container that has not started yet.
  return status?.phase === 'Succeeded' || status?.phase === 'Failed' ? 'never' : 'pending';
}

async function readPod(
  deps: LogDeps,
  namespace: string,
  pod: string,
): Promise<PodShape | undefined> {
  try {
    return (await deps.api.send(
      'GET',
      `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}`,
    )) as PodShape;
  } catch (error) {
    const mapped = toKubeError(error, `read pod '${pod}' in namespace '${namespace}'`);
    if (mapped.kind === 'NotFound') return undefined;
    throw mapped;
  }
}

/** Waits (watching the pod) until the container has started or never will. */
async function waitForStart(
  deps: LogDeps,
  namespace: string,
  pod: string,
  container: string,
  signal: AbortSignal,
): Promise<Phase> {
  const phase = containerPhase(await readPod(deps, namespace, pod), container);
  if (phase !== 'pending') return phase;
  const target = {
    apiVersion: 'v1',
    kind: 'Pod',
    namespace,
    fieldSelector: `metadata.name=${pod}`,
  };
  for await (const event of watchObjects(deps.api, deps.watcher, target, signal)) {
    if (event.type === 'ERROR') {
      if (event.error.kind === 'Forbidden' || event.error.kind === 'Unauthorized')
        throw event.error;
      continue;
    }
    if (event.type === 'DELETED') return 'gone';
    const now = containerPhase(event.object as PodShape, container);
    if (now !== 'pending') return now;
  }
  return 'pending';
}

type StreamEnd = { ended: true } | { failed: unknown };

/** One log request, from `lines.last` on; resolves when it ends, fails or the signal aborts. */
async function streamOnce(
  deps: LogDeps,
  namespace: string,
  pod: string,
  container: string,
  lines: LogLines,
  signal: AbortSignal,
): Promise<StreamEnd> {
  lines.restart();
  let settle: (end: StreamEnd) => void = () => undefined;
  const finished = new Promise<StreamEnd>((resolve) => (settle = resolve));
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  sink.on('finish', () => settle({ ended: true }));
  // client-node's Log attaches no error handler to the response stream it pipes into ours, so
  // an abort or a dropped connection would be an uncaught exception. We attach one.
  sink.on('pipe', (source) => source.on('error', (error: unknown) => settle({ failed: error })));
  const options = {
    follow: true,
    timestamps: true,
    ...(lines.last ? { sinceTime: sinceTimeOf(lines.last) } : {}),
  };
  let controller: AbortController;
  try {
    controller = await new Log(deps.config).log(namespace, pod, container, sink, options);
  } catch (error) {
    return { failed: error };
  }
  const abort = () => controller.abort();
  signal.addEventListener('abort', abort, { once: true });
  if (signal.aborted) abort();
  try {
    return await finished;
  } finally {
    signal.removeEventListener('abort', abort);
  }
}

export async function followContainerLogs(
  deps: LogDeps,
  namespace: string,
  pod: string,
  container: string,
  onChunk: (text: string) => void,
  signal: AbortSignal,
): Promise<void> {
  const doing = `follow the log of container '${container}' of pod '${pod}' in namespace '${namespace}'`;
  const lines = new LogLines(onChunk);
  const retryable = new Set(['Invalid', 'Unavailable', 'Timeout', 'Unknown']);
  let retries = 0;
  let quiet = 0;
  const pause = (n: number) => sleep(Math.min(100 * 2 ** n, 2000), signal);
  try {
    while (!signal.aborted) {
      const phase = await waitForStart(deps, namespace, pod, container, signal);
      if (phase === 'gone' || phase === 'never' || signal.aborted) return;
      const before = lines.last;
      const end = await streamOnce(deps, namespace, pod, container, lines, signal);
      if (signal.aborted) return;
      if ('failed' in end) {
        const error = toKubeError(end.failed, doing);
        if (error.kind === 'NotFound') return;
        // 400 is what the kubelet answers while the container is still being created: the
        // watch saw it start, the kubelet is a moment behind.
        if (!retryable.has(error.kind) || ++retries > 20) throw error;
        await pause(retries);
        continue;
      }
      retries = 0;
      // The stream ends when the container does, or when a connection drops: only the pod can tell.
      const after = containerPhase(await readPod(deps, namespace, pod), container);
      if (after !== 'running' && after !== 'pending') return;
      // A stream that keeps ending without a new line must not become a busy loop.
      quiet = lines.last === before ? quiet + 1 : 0;
      if (quiet > 0) await pause(quiet);
    }
  } finally {
    lines.flush();
  }
}
