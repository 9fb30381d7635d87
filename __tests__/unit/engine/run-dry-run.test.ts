import { describe, expect, it } from '@jest/globals';
import { runPlan } from '../../../src/app/run/run-plan.js';
import { workflowPaths } from '../../../src/app/run/dry-run.js';
import { nodeClock } from '../../../src/adapters/system/node-clock.js';
import type { Plan } from '../../../src/core/plan/model.js';
import type { KubeObject } from '../../../src/ports/kube.js';
import { FakeKube, type FakeOptions } from './fake-kube.js';
import { MemorySink } from './memory-sink.js';
import { container, plan, service, step } from './plan-fixtures.js';

async function run(p: Plan, options: FakeOptions = {}) {
  const kube = new FakeKube(options);
  const lines: string[] = [];
  const result = await runPlan(
    { kube, clock: nodeClock, sink: new MemorySink(), log: (line) => lines.push(line) },
    { plan: p, runId: 'abc123', manifests: [], keepNamespace: 'never' },
  );
  return { result, kube, lines };
}

const spec = (pod: KubeObject) => pod.spec as Record<string, unknown>;

describe('server-side dry run of the pod settings', () => {
  it('checks the workflow’s and each service’s settings, rendered, before creating anything', async () => {
    const seen: KubeObject[] = [];
    const p = plan([step('x', { container: container({ shell: 'true' }) })], {
      pod: { labels: { group: 'g-{{ execution.id }}' }, priorityClassName: 'ci' },
      services: [service('db', { pod: { hostPID: false } })],
    });
    const { result, kube } = await run(p, {
      refuseDryRun: (pod) => {
        seen.push(pod);
        return undefined;
      },
    });
    expect(result.status).toBe('passed');
    expect(kube.calls.filter((c) => c.startsWith('dry-run'))).toEqual([
      'dry-run Pod sd-abc123-dry-run-0',
      'dry-run Pod sd-abc123-dry-run-1',
    ]);
    const firstCreate = kube.calls.findIndex((c) => c.startsWith('create '));
    expect(firstCreate).toBeGreaterThan(kube.calls.indexOf('dry-run Pod sd-abc123-dry-run-1'));
    expect(seen[0]!.metadata.labels).toMatchObject({ group: 'g-abc123' });
    expect(spec(seen[0]!)).toMatchObject({ priorityClassName: 'ci' });
    expect(spec(seen[1]!)).toMatchObject({ hostPID: false });
  });

  it('stops the run on a refusal, naming the workflow field, with no pod created', async () => {
    const p = plan([step('x', { container: container({ shell: 'true' }) })], {
      pod: { topologySpreadConstraints: [{ maxSkew: 0 }] },
    });
    const { result, kube } = await run(p, {
      refuseDryRun: () =>
        'dry-run create Pod demo-abc123/sd-abc123-dry-run-0: Pod "sd-abc123-dry-run-0" is invalid: spec.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero (HTTP 422)',
    });
    expect(result.status).toBe('error');
    expect(result.error).toEqual({
      reason: 'Invalid',
      message:
        'the cluster refused the pod settings (server-side dry run, nothing was created):\nspec.pod: spec.pod.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero (HTTP 422)',
    });
    expect(kube.calls.some((c) => c.startsWith('create '))).toBe(false);
    expect(result.steps[0]!.status).toBe('cancelled');
    expect(kube.deletedNamespaces).toEqual(['demo-abc123']);
  });
});

describe('workflowPaths', () => {
  it('turns the stand-in pod’s field paths into the workflow’s', () => {
    expect(
      workflowPaths(
        'Pod "p" is invalid: [metadata.labels: Invalid value: "a b", spec.dnsPolicy: Unsupported value: "X"]',
        'spec.services.db.pod',
      ),
    ).toBe(
      '[spec.services.db.pod.labels: Invalid value: "a b", spec.services.db.pod.dnsPolicy: Unsupported value: "X"]',
    );
  });
});
