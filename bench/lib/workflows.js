// Deterministic TestWorkflow YAML for the benchmarks, sized by steps, bytes or workers. Steps
// carry what real ones do (expressions, conditions, retries, artifacts, multi-byte names), so
// that every check a real workflow goes through is measured.

const HEADER = `apiVersion: testworkflows.testkube.io/v1
kind: TestWorkflow
metadata:
  name: NAME
  labels:
    suite: bench
spec:
  config:
    greeting:
      type: string
      default: hello
    region:
      type: string
      default: eu-west-1
  container:
    image: docker.io/library/busybox:1.36
    imagePullPolicy: IfNotPresent
    env:
      - name: GREETING
        value: '{{ config.greeting }}'
  services:
    db:
      image: docker.io/library/postgres:16
      env:
        - name: POSTGRES_PASSWORD
          value: bench
      readinessProbe:
        tcpSocket:
          port: 5432
  steps:
`;

/** One step; every tenth is broken (unknown field, bad expression) when `broken` is set. */
function step(i, broken) {
  const bad = broken && i % 10 === 5;
  const lines = [
    `    - name: Step ${i} — checks the café service`,
    `      shell: |`,
    `        echo "{{ config.greeting }} from step ${i} in {{ config.region }}"`,
    `        test -n "{{ services.db.0.ip }}" && echo "db at {{ services.db.0.ip }}:5432"`,
    bad
      ? `        echo "{{ config.greeting + }}"`
      : `        echo "{{ len(config.region) > 3 ? 'long' : 'short' }} region"`,
    `      timeout: ${10 + (i % 50)}s`,
    `      container:`,
    `        env:`,
    `          - name: STEP_INDEX`,
    `            value: '${i}'`,
  ];
  if (bad) lines.push(`        imagePullPolicyy: Always`);
  if (i % 3 === 0) lines.push(`      condition: always`);
  if (i % 5 === 0) lines.push(`      retry:`, `        count: 2`, `        until: passed`);
  if (i % 10 === 0) {
    lines.push(`      artifacts:`, `        workingDir: /data`, `        paths:`);
    lines.push(`          - junit-${i}.xml`);
  }
  return lines.join('\n') + '\n';
}

/**
 * A TestWorkflow with `steps` steps, or as many as make the text at least `bytes` long.
 * Returns the text and the step count.
 */
export function workflowYaml({ steps, bytes, broken = false }) {
  const parts = [HEADER.replace('NAME', `bench-${steps ?? bytes}`)];
  let length = parts[0].length;
  let count = 0;
  while (steps !== undefined ? count < steps : length < bytes) {
    const text = step(count, broken);
    parts.push(text);
    length += text.length;
    count++;
  }
  return { text: parts.join(''), steps: count };
}

/**
 * A workflow whose one parallel step fans out into `workers` workers, either as a matrix
 * (5 browsers × workers/5 shards) or as `count` shards of a file list (2 files per worker).
 * Every worker has its own services and two steps, with expressions over its variables.
 */
export function parallelWorkflowYaml({ workers, kind }) {
  const fanOut =
    kind === 'matrix'
      ? [
          `        matrix:`,
          `          browser: [chromium, firefox, webkit, edge, safari]`,
          `          part: [${Array.from({ length: workers / 5 }, (_, i) => i + 1).join(', ')}]`,
        ]
      : [
          `        count: ${workers}`,
          `        shards:`,
          `          files:`,
          ...Array.from(
            { length: workers * 2 },
            (_, i) => `            - tests/feature-${i}.spec.ts`,
          ),
        ];
  const command =
    kind === 'matrix'
      ? `npx playwright test --project {{ matrix.browser }} --shard {{ matrix.part }}/${workers / 5}`
      : `npx playwright test {{ join(shard.files, " ") }}`;
  return `apiVersion: testworkflows.testkube.io/v1
kind: TestWorkflow
metadata:
  name: fan-out-${kind}-${workers}
spec:
  config:
    baseUrl:
      type: string
      default: https://example.test
  steps:
    - name: Fan out
      parallel:
${fanOut.join('\n')}
        parallelism: 10
        description: 'worker {{ index + 1 }}/{{ count }}'
        container:
          image: mcr.microsoft.com/playwright:v1.49.0
          workingDir: /data/repo
          env:
            - name: BASE_URL
              value: '{{ config.baseUrl }}/{{ index }}'
          resources:
            requests:
              cpu: 500m
              memory: 512Mi
        services:
          api:
            image: docker.io/library/nginx:1.27
            readinessProbe:
              httpGet:
                path: /
                port: 80
        steps:
          - name: Install
            shell: npm ci --prefer-offline
          - name: Test
            shell: ${command} --reporter=junit > /data/junit-{{ index }}.xml
            timeout: 10m
            artifacts:
              workingDir: /data
              paths:
                - 'junit-{{ index }}.xml'
`;
}
