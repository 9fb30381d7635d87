// The bundled action on the real local cluster, started exactly as the Actions runner starts it,
// reporting to the fake GitHub API (which validates every request against GitHub's OpenAPI
// description): a passing then a failing run of the same workflow on one pull request.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GitHubFakeServer } from '../../support/github-fake-server.js';
import { connect, type Cluster } from '../cluster/kube.js';
import {
  pullRequestEvent,
  writeEvent,
  HEAD_SHA,
  PR,
  RUN_ID,
} from '../../contract/github/reporter-setup.js';
import { requireBundles, runPostStep, runStep, type Job } from './actions-runner.js';

const WORKFLOW = '__tests__/e2e/action/fixtures/cart.yaml';
const FEATURE = '__tests__/e2e/action/fixtures/cart.feature';
const SENSITIVE = 'e2e-sensitive-token-0123';

let fake: GitHubFakeServer;
let cluster: Cluster;
let job: Job;
let inputs: Record<string, string>;

beforeAll(async () => {
  requireBundles();
  cluster = await connect();
  fake = await GitHubFakeServer.start();
  fake.state.addJob({
    run_id: RUN_ID,
    run_attempt: 1,
    name: 'integration',
    runner_name: 'GitHub Actions 2',
    status: 'in_progress',
  });
  const { GITHUB_TOKEN: token, ...github } = fake.env();
  job = {
    token: token!,
    env: {
      ...github,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: writeEvent(pullRequestEvent(fake)),
      GITHUB_SHA: 'feedbeeffeedbeeffeedbeeffeedbeeffeedbeef',
      GITHUB_REF: `refs/pull/${PR}/merge`,
      GITHUB_RUN_ID: String(RUN_ID),
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_JOB: 'integration',
      RUNNER_NAME: 'GitHub Actions 2',
      RUNNER_OS: 'Linux',
    },
  };
  // As a CI secret holds it: base64 of the kubeconfig file.
  const kubeconfig = readFileSync(cluster.kubeconfigPath).toString('base64');
  inputs = { workflow: WORKFLOW, kubeconfig };
});

afterAll(async () => {
  await fake?.close();
});

afterEach(() => {
  expect(fake.violations).toEqual([]);
});

async function namespacesOf(runId: string): Promise<string[]> {
  const list = await cluster.core.listNamespace({ labelSelector: `shakedown.dev/run-id=${runId}` });
  return list.items.filter((n) => n.status?.phase !== 'Terminating').map((n) => n.metadata!.name!);
}

describe('the action on a pull request', () => {
  it('passes: check run, comment, summary and outputs; nothing left in the cluster', async () => {
    const step = await runStep(job, { ...inputs, config: 'fail=false' });
    expect({ exitCode: step.exitCode, tail: step.stdout.slice(-2000) }).toMatchObject({
      exitCode: 0,
    });

    const checkRun = fake.state.checkRuns[0]!;
    expect(checkRun).toMatchObject({
      name: 'Shakedown (action-e2e)',
      head_sha: HEAD_SHA,
      status: 'completed',
      conclusion: 'success',
      details_url: expect.stringMatching(new RegExp(`/actions/runs/${RUN_ID}/job/\\d+$`)),
    });
    expect(checkRun.output.title).toBe('Passed: 2 passed');
    expect(fake.calls('checks/create')[0]!.body).toMatchObject({ status: 'in_progress' });

    const comments = fake.state.commentsOn(PR);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body.startsWith('<!-- shakedown:action-e2e -->')).toBe(true);

    const runId = step.state['run-ids'] && JSON.parse(step.state['run-ids'])[0];
    expect(step.outputs).toMatchObject({
      result: 'passed',
      total: '2',
      passed: '2',
      failed: '0',
      skipped: '0',
      'results-file': join(process.cwd(), 'shakedown-results/action-e2e/results.json'),
      'junit-file': join(process.cwd(), 'shakedown-results/action-e2e/junit.xml'),
      namespace: `action-e2e-${runId}`,
      'check-run-url': `https://github.com/acme/shop/runs/${checkRun.id}`,
      'comment-url': `https://github.com/acme/shop/pull/${PR}#issuecomment-${comments[0]!.id}`,
    });
    expect(JSON.parse(readFileSync(step.outputs['results-file']!, 'utf8')).runId).toBe(runId);
    expect(step.summary).toContain('action-e2e passed');
    expect(Buffer.byteLength(step.summary)).toBeLessThanOrEqual(1024 * 1024);
    expect(await namespacesOf(runId)).toEqual([]);

    // The kubeconfig (base64, as given) and its client key are masked before anything else.
    expect(step.stdout).toContain(`::add-mask::${inputs.kubeconfig}`);
    const key = /client-key-data: (\S+)/.exec(readFileSync(cluster.kubeconfigPath, 'utf8'))?.[1];
    if (key) expect(step.stdout).toContain(`::add-mask::${key}`);
    // The sensitive config value is registered with the runner before it is ever printed.
    const mask = step.stdout.indexOf(`::add-mask::${SENSITIVE}`);
    expect(mask).toBeGreaterThanOrEqual(0);
    expect(step.stdout.indexOf(SENSITIVE)).toBe(mask + '::add-mask::'.length);

    // The main step cleaned up, so the post step has nothing to do and says so quietly.
    const post = await runPostStep(job, inputs, step.state);
    expect(post.exitCode).toBe(0);
    expect(post.stdout).not.toMatch(/::warning::/);
  });

  it('fails: the check run fails with an annotation, the same comment is updated', async () => {
    const step = await runStep(job, { ...inputs, config: 'fail=true' });
    expect(step.exitCode).toBe(1);
    expect(step.stdout).toMatch(/::error::Workflow 'action-e2e' failed: 1 of 2 tests failed\./);

    expect(fake.state.checkRuns).toHaveLength(2);
    const checkRun = fake.state.checkRuns[1]!;
    expect(checkRun).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(checkRun.output.title).toBe('Failed: 1 failed, 1 passed');
    expect(checkRun.annotations).toEqual([
      expect.objectContaining({
        path: FEATURE,
        start_line: 9,
        annotation_level: 'failure',
        message: 'expected 1 item, got 2',
      }),
    ]);

    expect(fake.calls('issues/create-comment')).toHaveLength(1);
    expect(fake.calls('issues/update-comment')).toHaveLength(1);
    const comments = fake.state.commentsOn(PR);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('removes an item');
    expect(step.outputs).toMatchObject({ result: 'failed', total: '2', passed: '1', failed: '1' });
    expect(step.summary).toContain('action-e2e failed');
  });
});

describe('the post step', () => {
  it('removes what a killed main step left, and only warns when it cannot', async () => {
    const runId = `e2e${Date.now().toString(36)}`;
    const name = `action-e2e-${runId}`;
    await cluster.core.createNamespace({
      body: {
        metadata: {
          name,
          labels: { 'app.kubernetes.io/managed-by': 'shakedown', 'shakedown.dev/run-id': runId },
        },
      },
    });
    const post = await runPostStep(job, inputs, { 'run-ids': JSON.stringify([runId]) });
    expect(post.exitCode).toBe(0);
    expect(post.stdout).toContain(`Run ${runId}: removed namespace ${name}.`);
    expect(await namespacesOf(runId)).toEqual([]);

    const broken = await runPostStep(
      job,
      { ...inputs, kubeconfig: 'not-a-kubeconfig-file' },
      { 'run-ids': JSON.stringify([runId]) },
    );
    expect(broken.exitCode).toBe(0);
    expect(broken.stdout).toMatch(/::warning::Cleanup after the run did not complete: kubeconfig/);
  });
});
