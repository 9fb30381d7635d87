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
    const hint =
      kind === 'Unauthorized'
        ? 'the cluster refused the credentials of the kubeconfig (expired token or certificate?)'
        : 'the Kubernetes API did not answer';
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
