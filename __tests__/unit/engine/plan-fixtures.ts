// Small builders for plan fragments, so tests state only what matters to them.
import type { ContainerPlan, Plan, ServicePlan, StepPlan } from '../../../src/core/plan/model.js';

export function container(overrides: Partial<ContainerPlan> = {}): ContainerPlan {
  return { image: 'busybox:1.36', shell: 'true', env: [], ...overrides };
}

export function step(id: string, overrides: Partial<StepPlan> = {}): StepPlan {
  return {
    id,
    name: id,
    path: `spec.steps[${id}]`,
    phase: 'main',
    condition: 'passed',
    optional: false,
    negative: false,
    services: [],
    steps: [],
    container: container(),
    ...overrides,
  };
}

export function group(id: string, steps: StepPlan[], overrides: Partial<StepPlan> = {}): StepPlan {
  return step(id, { container: undefined, steps, ...overrides });
}

export function service(name: string, overrides: Partial<ServicePlan> = {}): ServicePlan {
  return {
    name,
    path: `spec.services.${name}`,
    instances: [
      {
        name: `${name}-0`,
        index: 0,
        count: 1,
        matrix: {},
        shard: {},
        container: container({ shell: undefined, command: ['redis-server'] }),
      },
    ],
    ...overrides,
  };
}

export function plan(steps: StepPlan[], overrides: Partial<Plan> = {}): Plan {
  return {
    version: 1,
    workflow: 'demo',
    file: 'demo.yaml',
    config: {},
    sensitive: [],
    labels: {},
    pod: {},
    services: [],
    steps,
    ...overrides,
  };
}
