import { planOf, problemsOf } from './helpers/workflow.js';

describe('pod, job and execution settings', () => {
  it('pass Kubernetes pod fields through, with their templates resolved', () => {
    const plan = planOf({
      config: { zone: { type: 'string', default: 'eu-1' } },
      pod: {
        labels: { group: 'g-{{ execution.id }}' },
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: 'kubernetes.io/hostname',
            whenUnsatisfiable: 'DoNotSchedule',
            labelSelector: { matchLabels: { group: 'g-{{ execution.id }}' } },
          },
        ],
        affinity: { nodeAffinity: { zone: '{{ config.zone }}' } },
        dnsPolicy: 'ClusterFirst',
        priorityClassName: 'ci-{{ config.zone }}',
        activeDeadlineSeconds: 600,
      },
      steps: [{ shell: 'x' }],
    });
    expect(plan.pod).toEqual({
      labels: { group: 'g-{{ execution.id }}' },
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'kubernetes.io/hostname',
          whenUnsatisfiable: 'DoNotSchedule',
          labelSelector: { matchLabels: { group: 'g-{{ execution.id }}' } },
        },
      ],
      affinity: { nodeAffinity: { zone: 'eu-1' } },
      dnsPolicy: 'ClusterFirst',
      priorityClassName: 'ci-eu-1',
      activeDeadlineSeconds: 600,
    });
  });

  it("put the job's labels and annotations on the pods, the pod's own winning", () => {
    const plan = planOf({
      job: { labels: { team: 'qa', tier: 'job' }, annotations: { note: 'from job' } },
      pod: { labels: { tier: 'pod' } },
      steps: [{ shell: 'x' }],
    });
    expect(plan.pod.labels).toEqual({ team: 'qa', tier: 'pod' });
    expect(plan.pod.annotations).toEqual({ note: 'from job' });
  });

  it('refuse a pod volume named like one of Shakedown’s own', () => {
    expect(
      problemsOf({
        pod: {
          volumes: [
            { name: 'data', emptyDir: {} },
            { name: 'cache', emptyDir: {} },
          ],
        },
        steps: [{ shell: 'x' }],
      }),
    ).toEqual([
      expect.stringContaining(
        "spec.pod.volumes[0].name: 'data' is a volume name Shakedown uses for its own volumes",
      ),
    ]);
  });

  it('keep every execution tag, label the run with the valid ones, annotate with valid keys', () => {
    const plan = planOf({
      config: { suite: { type: 'string', default: 'smoke' } },
      execution: {
        tags: { suite: '{{ config.suite }}', 'free text': 'x', owner: 'QA team / nightly' },
      },
      steps: [{ shell: 'x' }],
    });
    expect(plan.tags).toEqual({ suite: 'smoke', 'free text': 'x', owner: 'QA team / nightly' });
    expect(plan.labels).toEqual({ suite: 'smoke' });
    expect(plan.pod.annotations).toEqual({ suite: 'smoke', owner: 'QA team / nightly' });
  });
});

describe('env[].global', () => {
  it('reaches every service, under the service’s own variables; non-global ones do not', () => {
    const plan = planOf({
      container: {
        image: 'alpine',
        env: [
          { name: 'G', value: 'global', global: true },
          { name: 'LOCAL', value: 'step only' },
          { name: 'SHARED', value: 'global', global: true },
        ],
      },
      services: {
        db: { image: 'postgres', env: [{ name: 'SHARED', value: 'service' }] },
      },
      steps: [
        {
          shell: 'x',
          run: { env: [{ name: 'FROM_STEP', value: 'yes', global: true }] },
          services: { cache: { image: 'redis' } },
        },
      ],
    });
    const env = (name: string) =>
      [...plan.services, ...plan.steps[0]!.services].find((s) => s.name === name)!.instances[0]!
        .container.env;
    expect(env('db')).toEqual([
      { name: 'G', value: 'global' },
      { name: 'FROM_STEP', value: 'yes' },
      { name: 'SHARED', value: 'service' },
    ]);
    expect(env('cache')).toEqual([
      { name: 'G', value: 'global' },
      { name: 'SHARED', value: 'global' },
      { name: 'FROM_STEP', value: 'yes' },
    ]);
    // Kubernetes knows no `global`: it never reaches a container.
    expect(JSON.stringify(plan)).not.toContain('"global":');
  });
});
