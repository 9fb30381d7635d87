// A step's name and id, shared by the steps that are planned and those skipped before the run.
import type { Step } from '../spec/types.js';
import type { StepSite } from './build-steps.js';
import type { StepPhase, StepPlan } from './model.js';
import { deriveStepName, slugId } from './naming.js';

/** The step's name (its own, or derived from what it does) and its id, unique in the plan. */
export function stepIdentity(
  site: StepSite,
  step: Step,
  path: string,
  does: Parameters<typeof deriveStepName>[0],
): { id: string; name: string } {
  const { ctx, scope } = site;
  const name = ctx.redact(
    step.name !== undefined
      ? ctx.template(step.name, `${path}.name`, scope)
      : deriveStepName({
          ...does,
          executes: step.execute?.workflows?.map((w) => w.name ?? 'selector'),
          children: step.steps?.length,
        }),
  );
  const id =
    step.id !== undefined
      ? site.ids.take(site.idPrefix + step.id, true)
      : site.ids.take(site.idPrefix + slugId(name));
  return { id, name };
}

/** A step whose condition is false before the run: reported skipped, nothing under it planned. */
export function skippedStep(site: StepSite, step: Step, path: string, phase: StepPhase): StepPlan {
  const { id, name } = stepIdentity(site, step, path, {});
  return {
    id,
    name,
    path,
    phase,
    condition: 'false',
    optional: step.optional ?? false,
    negative: step.negative ?? false,
    services: [],
    steps: [],
  };
}
