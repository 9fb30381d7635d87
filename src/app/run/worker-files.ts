// The files a parallel worker exchanges with its parent pod: parallel.transfer placed into the
// worker once its first container is at its gate (before any step runs), and parallel.fetch
// copied back into the parent, which waits at its next gate, once the worker's steps are done
// (whatever their outcome, as Testkube's fetch runs as an `always` step).
import { sharedDirs, renderTransfers, type Transfer } from '../../core/engine/transfer.js';
import type { Vars } from '../../core/expr/index.js';
import type { StepPlan, WorkerPlan } from '../../core/plan/model.js';
import type { RunContext } from './run-context.js';
import { moveFiles, type PodSide, type SourceCache } from './transfer-files.js';

export interface WorkerFilesSite {
  step: StepPlan;
  worker: WorkerPlan;
  vars: Vars;
  /** The parent pod and the container of it that waits while the workers run. */
  parent: PodSide;
  cache: SourceCache;
  prefix: string;
}

export interface WorkerFiles {
  /** Directories of the worker pod that need an emptyDir of their own. */
  sharedDirs: string[];
  prepare(pod: string, container: string): Promise<void>;
  beforeFinish(pod: string, container: string): Promise<void>;
}

export function workerFiles(ctx: RunContext, site: WorkerFilesSite): WorkerFiles {
  const path = `${site.step.path}.parallel`;
  const transfers = renderTransfers(site.worker.transfer, site.vars, `${path}.transfer`);
  const fetches = renderTransfers(site.worker.fetch, site.vars, `${path}.fetch`);
  const self = (pod: string, container: string): PodSide => ({
    pod,
    container,
    label: `worker ${site.prefix.trim()}`,
  });
  const say = (verb: string, count: number, t: Transfer) =>
    ctx.log(`${site.prefix}${verb} ${count} file(s): ${t.from} → ${t.to}`);
  return {
    sharedDirs: sharedDirs(transfers, fetches, mountPaths(site.worker.steps), `${path}.transfer`),
    async prepare(pod, container) {
      for (const t of transfers)
        say(
          '⇣ transfer',
          await moveFiles(ctx, site.parent, self(pod, container), t, site.cache),
          t,
        );
    },
    async beforeFinish(pod, container) {
      for (const t of fetches)
        say('⇡ fetch', await moveFiles(ctx, self(pod, container), site.parent, t), t);
    },
  };
}

/** Mount paths of the volumes the worker's steps mount themselves (spec volumeMounts). */
function mountPaths(steps: StepPlan[]): string[] {
  return steps.flatMap((s) => [
    ...(s.container?.volumeMounts ?? []).flatMap((m) => {
      const path = (m as { mountPath?: unknown }).mountPath;
      return typeof path === 'string' ? [path] : [];
    }),
    ...mountPaths(s.steps),
  ]);
}
