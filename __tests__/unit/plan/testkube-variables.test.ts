import { buildPlan } from '../../../src/core/plan/build-plan.js';
import { formatDiagnostic } from '../../../src/core/spec/diagnostics.js';
import { loaded } from './helpers/workflow.js';

function planWithLabels(shell: string) {
  const source = loaded({ steps: [{ shell }] });
  source.workflow.metadata.labels = { 'app.kubernetes.io/name': 'shop', team: 'qa' };
  return buildPlan(source, { configValues: {} });
}

describe("Testkube's workflow variables at plan time", () => {
  it('gives labels.* with . - / of keys as _, and workflow.labels as written', () => {
    const outcome = planWithLabels(
      'echo {{ labels.app_kubernetes_io_name }} {{ labels.team }} {{ at(workflow.labels, "app.kubernetes.io/name") }}',
    );
    expect(outcome.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(outcome.plan?.steps[0]?.container?.shell).toBe('echo shop qa shop');
  });

  it('keeps execution.* and resource.* for the run', () => {
    const outcome = planWithLabels('echo {{ resource.id }}/{{ execution.groupId }}');
    expect(outcome.plan?.steps[0]?.container?.shell).toBe(
      'echo {{ resource.id }}/{{ execution.groupId }}',
    );
  });

  it('refuses dashboard.url by name when planning too', () => {
    const outcome = planWithLabels('echo {{ dashboard.url }}');
    expect(outcome.diagnostics.map(formatDiagnostic).join('\n')).toContain(
      "variable 'dashboard' is not available in Shakedown: dashboard.url is the address of Testkube's dashboard",
    );
  });
});
