import { ApiException } from '@kubernetes/client-node';
import { kindOfStatus, toKubeError } from '../../../../src/adapters/kubernetes/errors.js';
import { KubeError } from '../../../../src/ports/kube.js';

const statusBody = (code: number, reason: string, message: string) => ({
  kind: 'Status',
  status: 'Failure',
  code,
  reason,
  message,
});

describe('kindOfStatus', () => {
  it.each([
    [400, undefined, 'Invalid'],
    [401, undefined, 'Unauthorized'],
    [403, undefined, 'Forbidden'],
    [404, undefined, 'NotFound'],
    [409, 'AlreadyExists', 'AlreadyExists'],
    [409, 'Conflict', 'Conflict'],
    [409, undefined, 'Conflict'],
    [410, 'Expired', 'Gone'],
    [422, 'Invalid', 'Invalid'],
    [429, 'TooManyRequests', 'Unavailable'],
    [500, 'InternalError', 'Unavailable'],
    [503, undefined, 'Unavailable'],
    [504, undefined, 'Timeout'],
    [500, 'ServerTimeout', 'Timeout'],
    [405, 'MethodNotAllowed', 'Unknown'],
  ])('HTTP %i with reason %s is %s', (code, reason, kind) => {
    expect(kindOfStatus(code, reason)).toBe(kind);
  });
});

describe('toKubeError', () => {
  it('keeps the Status message and says what was being done', () => {
    const error = new ApiException(
      409,
      'Unsuccessful HTTP Request',
      statusBody(409, 'AlreadyExists', 'pods "web" already exists'),
      {},
    );
    const mapped = toKubeError(error, "create Pod 'web' in namespace 'ns'");
    expect(mapped).toBeInstanceOf(KubeError);
    expect(mapped).toMatchObject({
      kind: 'AlreadyExists',
      status: 409,
      message: `create Pod 'web' in namespace 'ns': pods "web" already exists (HTTP 409)`,
    });
  });

  it('reads a Status body that arrived as text, and copes with a body that is not a Status', () => {
    const asText = new ApiException(
      403,
      'x',
      JSON.stringify(statusBody(403, 'Forbidden', 'pods is forbidden')),
      {},
    );
    expect(toKubeError(asText, 'list pods')).toMatchObject({
      kind: 'Forbidden',
      message:
        'list pods: pods is forbidden (HTTP 403; a permission problem: the credentials may not do this; docs/rbac.md lists the RBAC a run needs)',
    });
    const proxy = new ApiException(502, 'x', '<html>Bad Gateway</html>', {});
    expect(toKubeError(proxy, 'list pods')).toMatchObject({
      kind: 'Unavailable',
      message: 'list pods: Bad Gateway [HTML page, 24 chars in all] (HTTP 502)',
    });
    const empty = new ApiException(401, 'x', undefined, {});
    expect(toKubeError(empty, 'get version')).toMatchObject({
      kind: 'Unauthorized',
      message: 'get version: HTTP 401 (HTTP 401)',
    });
  });

  it('maps a Watch status code and a refused websocket upgrade', () => {
    const watchError = Object.assign(new Error('Gone'), { statusCode: 410 });
    expect(toKubeError(watchError, 'watch pods').kind).toBe('Gone');
    const upgrade = new Error('Unexpected server response: 403');
    expect(toKubeError(upgrade, 'exec').kind).toBe('Forbidden');
  });

  it('maps connection failures to Unavailable and timeouts to Timeout', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:6443'), {
        code: 'ECONNREFUSED',
      }),
    });
    expect(toKubeError(refused, 'reach the API')).toMatchObject({
      kind: 'Unavailable',
      message:
        'reach the API: cannot reach the API server (ECONNREFUSED: connect ECONNREFUSED 10.0.0.1:6443)',
    });
    const opaque = new TypeError('fetch failed', { cause: new Error('bad port') });
    expect(toKubeError(opaque, 'reach the API')).toMatchObject({
      kind: 'Unavailable',
      message: 'reach the API: cannot reach the API server (bad port)',
    });
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(toKubeError(timeout, 'list pods').kind).toBe('Timeout');
    const tls = new TypeError('fetch failed', {
      cause: Object.assign(new Error('self-signed certificate'), {
        code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      }),
    });
    expect(toKubeError(tls, 'reach the API')).toMatchObject({
      kind: 'Unavailable',
      message: expect.stringContaining('TLS failure'),
    });
  });

  it('prefixes a KubeError from deeper down once, and leaves anything else Unknown', () => {
    const inner = new KubeError(
      'Invalid',
      "the cluster serves no kind 'Widget' in apiVersion 'v1'",
    );
    const outer = toKubeError(inner, "apply Widget 'w'");
    expect(outer).toMatchObject({
      kind: 'Invalid',
      message: "apply Widget 'w': the cluster serves no kind 'Widget' in apiVersion 'v1'",
    });
    expect(toKubeError(outer, "apply Widget 'w'")).toBe(outer);
    expect(toKubeError(new Error('boom'), 'do it')).toMatchObject({
      kind: 'Unknown',
      message: 'do it: boom',
    });
  });
});
