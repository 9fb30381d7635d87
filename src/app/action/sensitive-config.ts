// The values of `sensitive` config parameters, as the plans of the selected workflows resolve
// them (inputs and defaults alike), so the action can register them with the runner before the
// engine prints its first line. The engine masks its own log lines too; the runner's masking also
// covers what test containers print and whatever later steps of the job log.
import { sensitiveValues } from '../../core/engine/log-lines.js';
import { buildPlan } from '../../core/plan/build-plan.js';
import { loadWorkflows } from '../../core/spec/index.js';
import type { FileSource } from '../../ports/file-source.js';
import { readWorkflowInputs } from '../workflow-inputs.js';
import type { ActionSettings } from './action-settings.js';

export async function sensitiveConfigValues(
  files: FileSource,
  settings: Pick<ActionSettings, 'workflows' | 'config'>,
  workflows: string[],
): Promise<string[]> {
  const inputs = await readWorkflowInputs(files, settings.workflows);
  const { workflows: loaded, library } = loadWorkflows(inputs.files, inputs.beside);
  return loaded
    .filter((workflow) => workflows.includes(workflow.name))
    .flatMap((workflow) => {
      const { plan } = buildPlan(workflow, { configValues: settings.config, workflows: library });
      return plan ? (plan.sensitiveValues ?? sensitiveValues(plan.config, plan.sensitive)) : [];
    });
}
