// Before anything is created: the API answers, the credentials are accepted, and the identity
// may do everything the run needs. A refusal names each missing permission and the RBAC rules
// that would grant them, so whoever owns the cluster can fix it in one go.
import { accessNeeds, type AccessScope } from '../../core/engine/access.js';
import { accessMessage } from '../../core/engine/rbac-message.js';
import { KubeError, type Identity, type KubePort } from '../../ports/kube.js';
import { errorMessage, RunError } from './run-context.js';

export async function preflight(kube: KubePort, scope: AccessScope): Promise<Identity> {
  let identity: Identity;
  try {
    identity = await kube.identity();
  } catch (error) {
    const kind = error instanceof KubeError ? error.kind : 'Unknown';
    const hint = identityHint(error);
    throw new RunError(`cannot use the cluster: ${hint}: ${errorMessage(error)}`, kind);
  }
  const missing = await kube.missingAccess(accessNeeds(scope));
  if (missing.length > 0) {
    const message = accessMessage(missing, {
      username: identity.username,
      context: identity.context,
    });
    throw new RunError(`cannot run on ${identity.server}: ${message}`, 'Forbidden');
  }
  return identity;
}

/** What a failed first contact means: the fix differs for each of these. */
export function identityHint(error: unknown): string {
  const kind = error instanceof KubeError ? error.kind : 'Unknown';
  const status = error instanceof KubeError ? error.status : undefined;
  if (kind === 'Unauthorized')
    return 'the cluster refused the credentials of the kubeconfig (expired token or certificate?)';
  if (kind === 'Forbidden')
    return 'the API server answered 403 Forbidden, a permission problem: the credentials are valid but may not ask who they are or read /version (see docs/rbac.md)';
  if (status === 429)
    return 'the API server kept answering 429 Too Many Requests (rate limited) after retries';
  if (status !== undefined && status >= 500)
    return `the API server answered but failed (HTTP ${status}) after retries`;
  return 'the Kubernetes API is unreachable (no answer)';
}
