// Bounded GETs to registries with node's fetch: plain HTTP only for loopback hosts (as Docker
// treats them), a timeout per request, a cap on every body, and redirects followed by hand so
// that credentials are never sent to another origin (blob downloads redirect to CDNs).

export interface RegistryResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  /** The URL that answered, after redirects. */
  url: string;
}

export interface GetOptions {
  headers?: Record<string, string>;
  maxBytes: number;
  timeoutMs: number;
  signal?: AbortSignal;
}

const MAX_REDIRECTS = 5;
/** Error bodies are read only for a message. */
export const ERROR_BODY_BYTES = 4096;

export class TransportError extends Error {
  constructor(
    message: string,
    readonly url: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** 127.0.0.0/8, localhost and [::1]: the registries Docker reaches over plain HTTP. */
export function isLoopback(host: string): boolean {
  const name = host.replace(/:\d+$/, '').toLowerCase();
  return name === 'localhost' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** The base URL of a registry's API; Docker Hub's lives at registry-1.docker.io. */
export function registryBase(registry: string): string {
  const host = registry === 'docker.io' ? 'registry-1.docker.io' : registry;
  return `${isLoopback(host) ? 'http' : 'https'}://${host}`;
}

export async function boundedGet(url: string, options: GetOptions): Promise<RegistryResponse> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let current = new URL(url);
  const origin = current.origin;
  for (let hop = 0; ; hop++) {
    const headers = { ...options.headers };
    // Credentials belong to the registry's origin only.
    if (current.origin !== origin) delete headers.Authorization;
    let response: Response;
    try {
      response = await fetch(current, { headers, redirect: 'manual', signal });
    } catch (error) {
      throw new TransportError(describeFailure(error, timeout, options.timeoutMs), current.href);
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS)
        throw new TransportError(`more than ${MAX_REDIRECTS} redirects`, current.href);
      const next = new URL(location, current);
      if (next.protocol !== 'https:' && !(next.protocol === 'http:' && isLoopback(next.host)))
        throw new TransportError(`redirected to a plain HTTP address (${next.host})`, current.href);
      current = next;
      continue;
    }
    const limit = response.ok ? options.maxBytes : ERROR_BODY_BYTES;
    const body = await readBounded(response, limit, response.ok, timeout, options.timeoutMs);
    return { status: response.status, headers: response.headers, body, url: current.href };
  }
}

async function readBounded(
  response: Response,
  limit: number,
  strict: boolean,
  timeout: AbortSignal,
  timeoutMs: number,
): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (strict && declared > limit) {
    await response.body?.cancel();
    throw new TransportError(`the answer is larger than ${limit} bytes`, response.url);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel();
        if (strict)
          throw new TransportError(`the answer is larger than ${limit} bytes`, response.url);
        chunks.push(Buffer.from(value).subarray(0, value.byteLength - (size - limit)));
        break;
      }
      chunks.push(Buffer.from(value));
    }
  } catch (error) {
    if (error instanceof TransportError) throw error;
    throw new TransportError(describeFailure(error, timeout, timeoutMs), response.url);
  }
  return Buffer.concat(chunks);
}

function describeFailure(error: unknown, timeout: AbortSignal, timeoutMs: number): string {
  if (timeout.aborted) return `no answer within ${timeoutMs / 1000} s`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `cannot connect (${cause.code})`;
  if ((error as Error).name === 'AbortError') return 'the lookup was cancelled';
  return cause?.message ?? (error as Error).message;
}
