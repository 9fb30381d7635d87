// Exec calls of the engine (open a gate, archive artifacts, unpack an upload) are idempotent,
// so a dropped connection or an API hiccup is retried a few times instead of failing a run
// whose tests were fine.
import { KubeError, type ExecOptions, type ExecResult } from '../../ports/kube.js';
import { throwIfStopped, type RunContext } from './run-context.js';

const TRANSIENT = new Set(['Unavailable', 'Timeout', 'Unknown']);
const ATTEMPTS = 4;
/** A gate opens in milliseconds and an archive of 256 MiB moves in well under this. */
export const EXEC_TIMEOUT_MS = 5 * 60_000;

export async function execWithRetry(
  ctx: RunContext,
  pod: string,
  container: string,
  command: string[],
  stdin?: Buffer,
  options: Omit<ExecOptions, 'signal'> = {},
): Promise<ExecResult> {
  // The run's signal ends it at cancel and at the run's deadline; the timeout bounds a hung one.
  const bounded = { timeoutMs: EXEC_TIMEOUT_MS, ...options, signal: ctx.signal };
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.kube.exec(ctx.namespace, pod, container, command, stdin, bounded);
    } catch (error) {
      throwIfStopped(ctx.signal);
      const transient = error instanceof KubeError && TRANSIENT.has(error.kind);
      if (!transient || attempt >= ATTEMPTS) throw error;
      await ctx.clock.sleep(500 * attempt, ctx.signal);
      throwIfStopped(ctx.signal);
    }
  }
}
