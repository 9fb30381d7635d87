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

  it('gives organization, environment and dashboard as a Testkube agent without a control plane has them: empty', () => {
    const outcome = planWithLabels(
      'echo "[{{ organization.id }}][{{ environment.id }}][{{ dashboard.url }}]" {{ environment.id == "tkcenv_1" }}',
    );
    expect(outcome.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(outcome.plan?.steps[0]?.container?.shell).toBe('echo "[][][]" false');
  });

  it('says why an expression that takes dashboard.url apart fails: it is empty without the control plane', () => {
    const outcome = planWithLabels('echo {{ at(split(dashboard.url, "app-"), 1) }}');
    const message = outcome.diagnostics.map(formatDiagnostic).join('\n');
    expect(message).toContain('at(): index 1 is out of range');
    expect(message).toContain(
      "dashboard.url is empty here: it is the address of Testkube's dashboard",
    );
    expect(
      planWithLabels('echo {{ at(split("a", ","), 1) }}').diagnostics[0]?.message,
    ).not.toContain('dashboard');
  });

  it('still reports a key these variables do not have', () => {
    const outcome = planWithLabels('echo {{ environment.slug }}');
    expect(outcome.diagnostics.map(formatDiagnostic).join('\n')).toContain('environment.slug');
  });
});
