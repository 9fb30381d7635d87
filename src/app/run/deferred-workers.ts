// Workers decided at run time (glob() in a parallel block's count, matrix or shards): the
// engine lists the files under the patterns' roots in the parent's container that waits at
// the step — where content.git cloned the repository — and hands the listing to the plan's
// own expansion. Bounded: at most MAX_LISTING_BYTES of paths, and a timeout in the pod.
import { listFilesCommand, withTimeout } from '../../core/engine/wrapper.js';
import type { ParallelPlan, StepPlan } from '../../core/plan/model.js';
import { execWithRetry } from './exec-retry.js';
import { RunError, type RunContext } from './run-context.js';
import type { PodSide } from './transfer-files.js';

export const MAX_LISTING_BYTES = 8 * 1024 * 1024;
const LISTING_TIMEOUT_S = 60;

/** The step's parallel plan with its workers, expanded now when the plan left them to the run. */
export async function expandWorkers(
  ctx: RunContext,
  step: StepPlan,
  side: PodSide,
): Promise<ParallelPlan> {
  const parallel = step.parallel!;
  const deferred = parallel.decidedAtRunTime;
  if (!deferred) return parallel;
  const command = withTimeout(
    listFilesCommand(deferred.roots, MAX_LISTING_BYTES),
    LISTING_TIMEOUT_S,
  );
  const result = await execWithRetry(ctx, side.pod, side.container, command);
  const where = `${step.path}.parallel (${Object.values(deferred.fields).join(', ')})`;
  if (result.stdout.length > MAX_LISTING_BYTES) {
    throw new RunError(
      `${where}: the files under ${deferred.roots.join(', ')} in ${side.label} take more than ${MAX_LISTING_BYTES / 1024 / 1024} MiB to list; narrow the patterns`,
      'GlobTooLarge',
    );
  }
  if (result.exitCode !== 0) {
    throw new RunError(
      `${where}: could not list ${deferred.roots.join(', ')} in ${side.label}: ${result.stderr.trim() || `exit code ${result.exitCode}`}`,
      'GlobFailed',
    );
  }
  const files = result.stdout.toString('utf8').split('\n').filter(Boolean);
  const expansion = deferred.expand(files);
  if (!expansion.ok) {
    throw new RunError(
      `the workers of ${step.path}.parallel could not be decided from the ${files.length} file(s) listed in ${side.label}:\n${expansion.problems.join('\n')}`,
      'GlobInvalid',
    );
  }
  return expansion.parallel;
}
