// Builds LoadedWorkflow values in memory for planner tests that do not need file positions.
import type { LoadedWorkflow } from '../../../../src/core/spec/loaded-workflow.js';
import type { TestWorkflow, WorkflowSpec } from '../../../../src/core/spec/types.js';
import { buildPlan } from '../../../../src/core/plan/build-plan.js';
import { formatDiagnostic } from '../../../../src/core/spec/diagnostics.js';
import type { Plan } from '../../../../src/core/plan/model.js';

export function loaded(spec: WorkflowSpec, name = 'demo'): LoadedWorkflow {
  const workflow: TestWorkflow = {
    apiVersion: 'testworkflows.testkube.io/v1',
    kind: 'TestWorkflow',
    metadata: { name },
    spec,
  };
  return {
    name,
    file: 'demo.yaml',
    workflow,
    sensitiveValues: [],
    locate: () => ({ file: 'demo.yaml', line: 0, column: 0 }),
  };
}

/** The plan, failing the test with the diagnostics when there are any. */
export function planOf(spec: WorkflowSpec, config: Record<string, string> = {}): Plan {
  const outcome = buildPlan(loaded(spec), { configValues: config });
  if (!outcome.plan) throw new Error(outcome.diagnostics.map(formatDiagnostic).join('\n'));
  return outcome.plan;
}

/** The formatted diagnostics (path: message), asserting there is no plan. */
export function problemsOf(spec: WorkflowSpec, config: Record<string, string> = {}): string[] {
  const outcome = buildPlan(loaded(spec), { configValues: config });
  expect(outcome.plan).toBeUndefined();
  return outcome.diagnostics.map((d) => `${d.path}: ${d.message}`);
}
