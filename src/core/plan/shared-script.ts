// Testkube's step results and outputs (spec/step-sharing.ts) once a step's id is known.
import { sharedStepIds, sharingPrologue } from '../spec/step-sharing.js';
import type { StepSite } from './build-steps.js';
import type { PlanContext } from './resolver.js';

/** Stands for the step's own id in its script until the id is known. */
export const CURRENT_STEP = '\u0000step\u0000';

/** The script with its own id filled in, led by the sharing prologue when other steps use it. */
export function sharedScript(site: Pick<StepSite, 'ctx'>, shell: string, id: string): string {
  const own = shell.includes(CURRENT_STEP);
  const filled = shell.replaceAll(CURRENT_STEP, id);
  return own || sharedIds(site.ctx).has(id) ? sharingPrologue(id) + filled : filled;
}

const sharedCache = new WeakMap<PlanContext, Set<string>>();

/** The ids of the steps whose results or outputs the workflow refers to. */
function sharedIds(ctx: PlanContext): Set<string> {
  let ids = sharedCache.get(ctx);
  if (!ids) {
    ids = sharedStepIds(JSON.stringify(ctx.source.workflow.spec));
    sharedCache.set(ctx, ids);
  }
  return ids;
}
