// A run in a fresh namespace under least privilege (docs/rbac.md) grants itself the run's rights
// there: a RoleBinding of ClusterRole shakedown-run to its own identity, made right after the
// namespace, then awaited until the authorizer applies it (RBAC is cached for a moment).
import { accessNeeds, type AccessScope } from '../../core/engine/access.js';
import { runRoleBinding } from '../../core/engine/fresh-rbac.js';
import { runLabels } from '../../core/engine/labels.js';
import { RunError, throwIfStopped, type RunContext } from './run-context.js';

const WAIT_MS = 15_000;
const PAUSE_MS = 250;

export async function bindRunRole(
  ctx: RunContext,
  scope: AccessScope,
  username: string,
  runId: string,
): Promise<void> {
  await ctx.kube.create(runRoleBinding(scope.namespace, username, runLabels(runId)));
  const needs = accessNeeds(scope).filter((need) => need.namespace);
  for (let waited = 0; ; waited += PAUSE_MS) {
    const missing = await ctx.kube.missingAccess(needs);
    if (missing.length === 0) return;
    if (waited >= WAIT_MS) {
      throw new RunError(
        `the RoleBinding shakedown-run in namespace '${scope.namespace}' did not grant ${missing.length} permission(s) within ${WAIT_MS / 1000} s; is ClusterRole shakedown-run as docs/rbac.md has it?`,
        'Forbidden',
      );
    }
    await ctx.clock.sleep(PAUSE_MS, ctx.signal);
    throwIfStopped(ctx.signal);
  }
}
