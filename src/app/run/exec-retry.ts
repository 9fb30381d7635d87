// Exec calls of the engine (open a gate, archive artifacts, unpack an upload) are idempotent,
// so a dropped connection or an API hiccup is retried a few times instead of failing a run
// whose tests were fine.
import { KubeError, type ExecResult } from '../../ports/kube.js';
import { throwIfStopped, type RunContext } from './run-context.js';

const TRANSIENT = new Set(['Unavailable', 'Timeout', 'Unknown']);
const ATTEMPTS = 4;

export async function execWithRetry(
  ctx: RunContext,
  pod: string,
  container: string,
  command: string[],
  stdin?: Buffer,
): Promise<ExecResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.kube.exec(ctx.namespace, pod, container, command, stdin);
    } catch (error) {
      const transient = error instanceof KubeError && TRANSIENT.has(error.kind);
      if (!transient || attempt >= ATTEMPTS) throw error;
      await ctx.clock.sleep(500 * attempt, ctx.signal);
      throwIfStopped(ctx.signal);
    }
  }
}
