// Before anything is created: the API answers, the credentials are accepted, and the identity
// may do everything the run needs. A refusal names each missing permission and the RBAC rules
// that would grant them, so whoever owns the cluster can fix it in one go.
import { accessNeeds, type AccessScope } from '../../core/engine/access.js';
import { bindNeeds, freshAccessMessage } from '../../core/engine/fresh-rbac.js';
import { accessMessage } from '../../core/engine/rbac-message.js';
import { KubeError, type Identity, type KubePort } from '../../ports/kube.js';
import { errorMessage, RunError } from './run-context.js';

export interface Preflight {
  identity: Identity;
  /** The run must bind ClusterRole shakedown-run in the namespace it creates (docs/rbac.md). */
  bindRunRole: boolean;
}

export async function preflight(kube: KubePort, scope: AccessScope): Promise<Preflight> {
  let identity: Identity;
  try {
    identity = await kube.identity();
  } catch (error) {
    const kind = error instanceof KubeError ? error.kind : 'Unknown';
    const hint = identityHint(error);
    throw new RunError(`cannot use the cluster: ${hint}: ${errorMessage(error)}`, kind);
  }
  const needs = accessNeeds(scope);
  const missing = await kube.missingAccess(needs);
  if (missing.length === 0) return { identity, bindRunRole: false };
  const who = { username: identity.username, context: identity.context };
  if (!scope.createNamespace) {
    throw new RunError(
      `cannot run on ${identity.server}: ${accessMessage(missing, who)}`,
      'Forbidden',
    );
  }
  // A fresh namespace: rights in it can come from the RoleBinding the run makes there.
  const clusterWide = missing.filter((need) => !need.namespace);
  const binding = bindNeeds(scope.namespace);
  const cannotBind =
    clusterWide.length > 0 || !identity.username ? binding : await kube.missingAccess(binding);
  if (clusterWide.length === 0 && cannotBind.length === 0 && identity.username)
    return { identity, bindRunRole: true };
  throw new RunError(
    `cannot run on ${identity.server}: ${freshAccessMessage([...clusterWide, ...cannotBind], who, scope.manifests)}`,
    'Forbidden',
  );
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
