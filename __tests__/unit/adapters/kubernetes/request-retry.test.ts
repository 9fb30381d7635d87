// Retries of Kubernetes requests against a scripted API: which requests are repeated, how long
// the client waits (Retry-After), what a persistent failure says, and how a create that is
// repeated after its answer was lost finds the object it made.
import { ClientNodeKube } from '../../../../src/adapters/kubernetes/client-node-kube.js';
import type { RetryPolicy } from '../../../../src/core/http/retry-policy.js';
import { KubeError } from '../../../../src/ports/kube.js';
import { CORE_RESOURCES, FakeApi, json, status, type Route } from './fake-api.js';

const FAST: RetryPolicy = { attempts: 4, baseDelayMs: 10, maxDelayMs: 20, maxRetryAfterMs: 2000 };
const discovery: [RegExp, Route][] = [
  [/^GET \/api\/v1$/, (_, res) => json(res, 200, CORE_RESOURCES)],
];
const TIMING = { serverTimeoutSeconds: 5, backoffMs: 10, maxBackoffMs: 20 };

/** Fails the first `times` requests with `fail`, then answers with `ok`. */
function flaky(times: number, fail: Route, ok: Route): Route {
  let seen = 0;
  return (req, res) => (seen++ < times ? fail(req, res) : ok(req, res));
}

describe('Kubernetes requests are retried when the API says "not now"', () => {
  let api: FakeApi | undefined;
  afterEach(() => api?.stop());

  it('repeats a GET after 429 and 503, waiting as long as Retry-After asks', async () => {
    let first = 0;
    api = new FakeApi([
      ...discovery,
      [
        /^GET \/api\/v1\/namespaces\/ns\/pods\/p$/,
        flaky(
          2,
          (_, res) => {
            if (!first) {
              first = Date.now();
              res.writeHead(429, { 'retry-after': '1', 'content-type': 'text/plain' });
              res.end('slow down');
            } else status(res, 503, 'ServiceUnavailable', 'etcd leader changed');
          },
          (_, res) => json(res, 200, { metadata: { name: 'p' } }),
        ),
      ],
    ]);
    const kube = new ClientNodeKube(await api.start(), TIMING, FAST);
    const pod = await kube.get('v1', 'Pod', 'ns', 'p');
    expect(pod?.metadata.name).toBe('p');
    const gets = api.sent(/^GET \/api\/v1\/namespaces\/ns\/pods\/p$/);
    expect(gets).toHaveLength(3);
    // The second attempt came no sooner than the 1 s the server asked for.
    expect(Date.now() - first).toBeGreaterThanOrEqual(950);
  });

  it("gives up after the policy's attempts, naming the status and the attempts", async () => {
    api = new FakeApi([
      ...discovery,
      [/^GET \/api\/v1\/namespaces$/, (_, res) => status(res, 502, 'InternalError', 'bad gateway')],
    ]);
    const kube = new ClientNodeKube(await api.start(), TIMING, FAST);
    const failure = await kube.listNamespaces('a=b').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(KubeError);
    expect((failure as KubeError).message).toBe(
      "list namespaces with labels 'a=b': bad gateway (HTTP 502, 4 attempts)",
    );
    expect(api.sent(/^GET \/api\/v1\/namespaces$/)).toHaveLength(4);
  });

  it('does not repeat a 403, and names it as a permission problem', async () => {
    api = new FakeApi([
      ...discovery,
      [
        /^GET \/api\/v1\/namespaces$/,
        (_, res) => status(res, 403, 'Forbidden', 'namespaces is forbidden'),
      ],
    ]);
    const kube = new ClientNodeKube(await api.start(), TIMING, FAST);
    const failure = (await kube.listNamespaces('a=b').catch((e: unknown) => e)) as KubeError;
    expect(failure.kind).toBe('Forbidden');
    expect(failure.message).toMatch(
      /namespaces is forbidden \(HTTP 403; a permission problem: .*docs\/rbac\.md/,
    );
    expect(api.sent(/^GET \/api\/v1\/namespaces$/)).toHaveLength(1);
  });

  it('repeats a create whose answer was lost and returns the object the first attempt made', async () => {
    let created: unknown;
    api = new FakeApi([
      ...discovery,
      [
        /^POST \/api\/v1\/namespaces\/ns\/configmaps$/,
        (req, res) => {
          if (!created) {
            created = { ...JSON.parse(req.body), metadata: { name: 'c', uid: 'u1' } };
            status(res, 504, 'Timeout', 'the request timed out');
          } else status(res, 409, 'AlreadyExists', 'configmaps "c" already exists');
        },
      ],
      [/^GET \/api\/v1\/namespaces\/ns\/configmaps\/c$/, (_, res) => json(res, 200, created)],
    ]);
    const kube = new ClientNodeKube(await api.start(), TIMING, FAST);
    const object = await kube.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'ns' },
    });
    expect(object.metadata.uid).toBe('u1');
    expect(api.sent(/^POST/)).toHaveLength(2);
  });

  it('reports AlreadyExists on a first attempt: the name was taken before us', async () => {
    api = new FakeApi([
      ...discovery,
      [
        /^POST \/api\/v1\/namespaces$/,
        (_, res) => status(res, 409, 'AlreadyExists', 'namespaces "x" already exists'),
      ],
    ]);
    const kube = new ClientNodeKube(await api.start(), TIMING, FAST);
    const failure = (await kube.createNamespace('x', {}, {}).catch((e: unknown) => e)) as KubeError;
    expect(failure.kind).toBe('AlreadyExists');
    expect(api.sent(/^GET \/api\/v1\/namespaces\/x$/)).toHaveLength(0);
  });

  it("prints an excerpt and the size of a proxy's HTML error page, not the page", async () => {
    const page = `<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{}</style></head><body><h1>Bad Gateway</h1>${'<p>padding</p>'.repeat(15_000)}</body></html>`;
    api = new FakeApi([
      ...discovery,
      [
        /^POST \/api\/v1\/namespaces$/,
        (_, res) => {
          res.writeHead(403, { 'content-type': 'text/html' });
          res.end(page);
        },
      ],
    ]);
    const kube = new ClientNodeKube(await api.start(), TIMING, FAST);
    const failure = (await kube.createNamespace('x', {}, {}).catch((e: unknown) => e)) as KubeError;
    expect(failure.message).toMatch(
      /^create namespace 'x': 502 Bad Gateway Bad Gateway padding padding/,
    );
    expect(failure.message).toMatch(
      /\[HTML page, 2\d\d KB in all\] \(HTTP 403; a permission problem/,
    );
    expect(failure.message.length).toBeLessThan(600);
  });
});
