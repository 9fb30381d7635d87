// Preflight: who we are and what we may do, asked of the API itself (SelfSubjectReview,
// SelfSubjectAccessReview) instead of inferred from the kubeconfig.
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeError, type AccessNeed, type Identity } from '../../ports/kube.js';
import { mapped, toKubeError } from './errors.js';
import type { PlainApi } from './plain-api.js';
import { describeNeed } from '../../core/engine/rbac-message.js';

/** At most this many reviews in flight: enough to be quick, few enough not to be throttled. */
const REVIEW_CONCURRENCY = 8;

export async function identify(
  config: KubeConfig,
  api: PlainApi,
  context: string,
  server: string,
): Promise<Identity> {
  const where = `the Kubernetes API at ${server} (context '${context}')`;
  try {
    // Credentials come first and fail on their own: an exec plugin that is not installed or a
    // certificate file that cannot be read is not a network problem.
    await config.applyToHTTPSOptions({});
  } catch (error) {
    throw new KubeError(
      'Unauthorized',
      `obtaining credentials for context '${context}' failed: ${(error as Error).message.trim()}`,
    );
  }
  const version = (await mapped(`reach ${where}`, () => api.send('GET', '/version'))) as {
    gitVersion?: string;
  };
  // /version is public on most clusters, so it proves nothing about the credentials. The
  // review endpoints need an authenticated user and are open to every one of them.
  let username: string | undefined;
  try {
    const review = (await api.send('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      readOnly: true,
    })) as { status?: { userInfo?: { username?: string } } };
    username = review.status?.userInfo?.username;
  } catch (error) {
    const failure = toKubeError(error, `authenticate to ${where}`);
    if (failure.kind !== 'NotFound' && failure.kind !== 'Forbidden') throw failure;
    // Older servers (before 1.28) or ones that disabled the API: an access review is
    // refused with 401 for anonymous or rejected credentials just the same.
    await review(
      api,
      { verb: 'get', group: '', resource: 'namespaces' },
      `authenticate to ${where}`,
    );
  }
  return { serverVersion: version.gitVersion ?? 'unknown', username, context, server };
}

async function review(api: PlainApi, need: AccessNeed, doing: string): Promise<boolean> {
  const body = {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: {
      resourceAttributes: {
        verb: need.verb,
        group: need.group,
        resource: need.resource,
        ...(need.subresource ? { subresource: need.subresource } : {}),
        ...(need.name ? { name: need.name } : {}),
        ...(need.namespace ? { namespace: need.namespace } : {}),
      },
    },
  };
  const result = (await mapped(doing, () =>
    api.send('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      body,
      readOnly: true,
    }),
  )) as { status?: { allowed?: boolean } };
  return result.status?.allowed === true;
}

/** The needs the API does not allow, in the order given. */
export async function missingAccess(api: PlainApi, needs: AccessNeed[]): Promise<AccessNeed[]> {
  const allowed: boolean[] = new Array(needs.length);
  let next = 0;
  const worker = async () => {
    while (next < needs.length) {
      const index = next++;
      allowed[index] = await review(
        api,
        needs[index],
        `check whether we may ${describeNeed(needs[index])}`,
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(REVIEW_CONCURRENCY, needs.length) }, worker));
  return needs.filter((_, index) => !allowed[index]);
}
