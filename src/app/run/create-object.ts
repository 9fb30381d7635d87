// Creating pods right after their namespace: the namespace's `default` ServiceAccount is made
// by a controller a moment later, and until then the API refuses pods with Forbidden
// ("serviceaccount default not found"). That refusal is retried briefly; any other is not.
import { KubeError, type KubeObject } from '../../ports/kube.js';
import { throwIfStopped, type RunContext } from './run-context.js';

const RETRIES = 40;
const PAUSE_MS = 250;

export async function createObject(
  ctx: RunContext,
  object: KubeObject,
  options: { dryRun?: boolean } = {},
): Promise<KubeObject> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.kube.create(object, options);
    } catch (error) {
      const waitingForAccount =
        error instanceof KubeError &&
        error.kind === 'Forbidden' &&
        /serviceaccount.*not found/i.test(error.message);
      if (!waitingForAccount || attempt >= RETRIES) throw error;
      await ctx.clock.sleep(PAUSE_MS, ctx.signal);
      throwIfStopped(ctx.signal);
    }
  }
}
