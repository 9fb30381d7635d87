// Every failure that leaves this adapter is a KubeError: HTTP statuses, Kubernetes Status
// reasons and socket-level errors are mapped here, once, so the engine reasons about kinds of
// failure and the user reads what was being done and what the API said.
import { bodyExcerpt } from '../../core/http/body-excerpt.js';
import { KubeError, type KubeErrorKind } from '../../ports/kube.js';

/** The parts of a Kubernetes `Status` body we use. */
interface StatusBody {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
}

const REASONS: Record<string, KubeErrorKind> = {
  NotFound: 'NotFound',
  AlreadyExists: 'AlreadyExists',
  Conflict: 'Conflict',
  Forbidden: 'Forbidden',
  Unauthorized: 'Unauthorized',
  Invalid: 'Invalid',
  BadRequest: 'Invalid',
  Gone: 'Gone',
  Expired: 'Gone',
  Timeout: 'Timeout',
  ServerTimeout: 'Timeout',
  ServiceUnavailable: 'Unavailable',
  TooManyRequests: 'Unavailable',
  InternalError: 'Unavailable',
};

const STATUS_CHARS = 2000;
/** What a 403 means to the user, and where the fix is. */
export const PERMISSION_HINT =
  'a permission problem: the credentials may not do this; docs/rbac.md lists the RBAC a run needs';

/** Maps an HTTP status code (and the Status reason when there is one) to a kind. */
export function kindOfStatus(code: number, reason?: string): KubeErrorKind {
  // 409 carries both AlreadyExists and Conflict; other reasons are finer than the code.
  if (reason && REASONS[reason]) return REASONS[reason];
  if (code === 400 || code === 422) return 'Invalid';
  if (code === 401) return 'Unauthorized';
  if (code === 403) return 'Forbidden';
  if (code === 404) return 'NotFound';
  if (code === 409) return 'Conflict';
  if (code === 410) return 'Gone';
  if (code === 408 || code === 504) return 'Timeout';
  if (code === 429 || code >= 500) return 'Unavailable';
  return 'Unknown';
}

// Node and undici spell connection failures as error codes, sometimes nested in `cause`.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function causes(error: unknown): Record<string, unknown>[] {
  const chain: Record<string, unknown>[] = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && chain.length < 5) {
    chain.push(current as Record<string, unknown>);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

function statusOf(body: unknown): StatusBody | undefined {
  if (typeof body === 'string') {
    try {
      return statusOf(JSON.parse(body));
    } catch {
      // Not a Status document: a proxy's or load balancer's page, kept to an excerpt.
      return body.trim() ? { message: bodyExcerpt(body) } : undefined;
    }
  }
  return body && typeof body === 'object' ? (body as StatusBody) : undefined;
}

/** The HTTP code of an error thrown by client-node (ApiException, Watch errors, ws upgrades). */
function httpCode(error: Record<string, unknown>): number | undefined {
  for (const key of ['code', 'statusCode']) {
    const value = error[key];
    if (typeof value === 'number' && value >= 100 && value < 600) return value;
  }
  // The ws library reports a refused upgrade only in its message.
  const match = /Unexpected server response: (\d{3})/.exec(String(error.message ?? ''));
  return match ? Number(match[1]) : undefined;
}

/**
 * Turns anything thrown while talking to the API into a KubeError whose message starts with
 * what was being done (`create Pod 'x' in namespace 'y'`).
 */
export function toKubeError(error: unknown, doing: string): KubeError {
  if (error instanceof KubeError) {
    return error.message.startsWith(doing)
      ? error
      : new KubeError(error.kind, `${doing}: ${error.message}`, error.status);
  }
  const chain = causes(error);
  const top = chain[0] ?? {};
  const code = httpCode(top);
  if (code !== undefined) {
    const status = statusOf(top.body);
    const kind = kindOfStatus(status?.code ?? code, status?.reason);
    // A Status message lists field errors and stays readable longer, but is bounded too.
    const detail = bodyExcerpt(
      String(status?.message ?? status?.reason ?? `HTTP ${code}`),
      STATUS_CHARS,
    );
    const hint = kind === 'Forbidden' ? `; ${PERMISSION_HINT}` : '';
    const tries = typeof top.attempts === 'number' ? `, ${top.attempts} attempts` : '';
    return new KubeError(kind, `${doing}: ${detail} (HTTP ${code}${tries}${hint})`, code);
  }
  for (const link of chain) {
    const errno = typeof link.code === 'string' ? link.code : undefined;
    const message = String(link.message ?? '');
    if (
      link.name === 'TimeoutError' ||
      errno === 'ETIMEDOUT' ||
      errno === 'UND_ERR_HEADERS_TIMEOUT'
    ) {
      return new KubeError('Timeout', `${doing}: timed out (${message || errno})`);
    }
    if (errno && UNAVAILABLE_CODES.has(errno)) {
      return new KubeError(
        'Unavailable',
        `${doing}: cannot reach the API server (${errno}: ${message})`,
      );
    }
    if (errno?.startsWith('ERR_TLS') || /certificate|self[- ]signed/i.test(message)) {
      return new KubeError(
        'Unavailable',
        `${doing}: TLS failure talking to the API server (${message})`,
      );
    }
  }
  const message = chain.map((link) => String(link.message ?? '')).filter(Boolean);
  // undici's fetch wraps every network-level failure as TypeError('fetch failed').
  if (top.name === 'TypeError' && /fetch failed$/.test(String(top.message))) {
    return new KubeError(
      'Unavailable',
      `${doing}: cannot reach the API server (${message.slice(1).join(': ') || 'fetch failed'})`,
    );
  }
  return new KubeError('Unknown', `${doing}: ${message.join(': ') || String(error)}`);
}

/** Runs a request and maps its failure. */
export async function mapped<T>(doing: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw toKubeError(error, doing);
  }
}
