// The retry loop of Kubernetes requests: which failures are worth another attempt (429, 5xx,
// a connection that dropped or timed out) and how long to wait (Retry-After, else backoff).
// A request that keeps failing is thrown with the number of attempts, so the message says the
// failure persisted rather than that it happened once.
import {
  retryAfterMs,
  retryDelay,
  isRetryableStatus,
  type RetryPolicy,
} from '../../core/http/retry-policy.js';
import { toKubeError } from './errors.js';
import { sleep } from './sleep.js';

/** The Retry-After of a client-node ApiException, in ms. */
function retryAfterOf(error: unknown): number | undefined {
  const headers = (error as { headers?: Record<string, string> }).headers;
  if (!headers || typeof headers !== 'object') return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'retry-after');
  return key ? retryAfterMs(headers[key], Date.now()) : undefined;
}

export function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'number') return isRetryableStatus(code);
  const kind = toKubeError(error, '').kind;
  return kind === 'Unavailable' || kind === 'Timeout';
}

export async function withRetries<T>(
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  request: (attempt: number) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request(attempt);
    } catch (error) {
      const delay =
        isTransient(error) && !signal?.aborted
          ? retryDelay(policy, attempt, retryAfterOf(error))
          : undefined;
      if (delay === undefined) {
        if (attempt > 1 && error && typeof error === 'object')
          Object.assign(error, { attempts: attempt });
        throw error;
      }
      await sleep(delay, signal);
    }
  }
}
