// Preflight tells apart the failures of a first contact whose fixes differ.
import { preflight } from '../../../src/app/run/preflight.js';
import { KubeError, type KubePort } from '../../../src/ports/kube.js';

function failingIdentity(error: unknown): KubePort {
  return {
    identity: () => Promise.reject(error),
    missingAccess: () => Promise.resolve([]),
  } as unknown as KubePort;
}

const scope = { namespace: 'ns', createNamespace: false, manifests: [] };

async function refusal(error: unknown): Promise<string> {
  const failure = await preflight(failingIdentity(error), scope).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  if (!failure) throw new Error('preflight passed');
  return failure.message;
}

describe('preflight on a cluster that does not let us in', () => {
  it('names 403 as a permission problem', async () => {
    const message = await refusal(new KubeError('Forbidden', 'reach the API: forbidden', 403));
    expect(message).toMatch(
      /^cannot use the cluster: the API server answered 403 Forbidden, a permission problem/,
    );
    expect(message).toContain('docs/rbac.md');
  });

  it('names 429 as rate limiting', async () => {
    const message = await refusal(new KubeError('Unavailable', 'reach the API: slow down', 429));
    expect(message).toMatch(
      /429 Too Many Requests \(rate limited\) after retries: reach the API: slow down$/,
    );
  });

  it('names a 5xx as a failing server and no answer as unreachable', async () => {
    expect(await refusal(new KubeError('Unavailable', 'x', 503))).toMatch(
      /answered but failed \(HTTP 503\)/,
    );
    expect(await refusal(new KubeError('Unavailable', 'reach: ECONNREFUSED'))).toMatch(
      /the Kubernetes API is unreachable \(no answer\): reach: ECONNREFUSED$/,
    );
  });

  it('names rejected credentials', async () => {
    expect(await refusal(new KubeError('Unauthorized', 'x', 401))).toMatch(
      /refused the credentials/,
    );
  });
});
