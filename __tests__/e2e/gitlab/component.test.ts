// The CI/CD component end to end: the component project's own pipeline (gitlab/.gitlab-ci.yml,
// which includes the component at @$CI_COMMIT_SHA) runs with gitlab-ci-local and a shell
// executor against the real local cluster. The jobs run Shakedown the way users get it, through
// the component's default `npx --yes shakedown@latest`: npm is pointed at a local registry that
// serves this checkout's `npm pack` (npm_config_registry), so no override points into the
// repository. The GitLab API is answered by the fake server. A passing and a failing workflow
// run; the fake records the commit statuses and merge request notes they post.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runLabels } from '../../../src/core/engine/labels.js';
import { commentMarker, recordedOutcome } from '../../../src/core/report/index.js';
import { GitLabFakeServer } from '../../support/gitlab-fake-server.js';
import { NpmRegistryFakeServer } from '../../support/npm-registry-fake-server.js';
import { packShakedown } from '../release/packed-package.js';
import { connect, waitFor, type Cluster } from '../cluster/kube.js';
import {
  artifact,
  componentProject,
  parseDotenv,
  PROJECT_PATH,
  runPipeline,
  type PipelineRun,
} from './component-project.js';

const REPO = resolve('.');
const CLI = join(REPO, 'dist/cli/index.js');
const MR = 7;

let cluster: Cluster;
let fake: GitLabFakeServer;
let registry: NpmRegistryFakeServer;
let npmCache: string;
let project: string;
let first: PipelineRun;

function variables(): Record<string, string> {
  return {
    CI_API_V4_URL: fake.apiUrl,
    CI_PROJECT_ID: fake.projectId,
    CI_PIPELINE_SOURCE: 'merge_request_event',
    CI_MERGE_REQUEST_IID: String(MR),
    CI_MERGE_REQUEST_PROJECT_ID: fake.projectId,
    CI_MERGE_REQUEST_SOURCE_PROJECT_ID: fake.projectId,
    SHAKEDOWN_GITLAB_TOKEN: fake.token,
    SHAKEDOWN_TEST_KUBECONFIG: cluster.kubeconfigPath,
    // What the default `npx shakedown@latest` resolves against; an empty cache of its own, so
    // the package comes from this registry and nothing installed before is reused.
    npm_config_registry: registry.url,
    npm_config_cache: npmCache,
    npm_config_update_notifier: 'false',
  };
}

/** The line gitlab-ci-local ends a job with: `finished in 3 s`, then ` WARN 1 ` or ` FAIL 1 `. */
function finished(run: PipelineRun, job: string): string {
  return (
    new RegExp(`^${job} +finished in .*$`, 'm').exec(run.output)?.[0] ?? `${job} never finished`
  );
}

const ours = () => fake.notes.filter((n) => n.author.username === 'project_42_bot');
const statusesOf = (workflow: string) =>
  fake.statuses.filter((s) => s.name === `shakedown (${workflow})`);

beforeAll(async () => {
  // Fails, never skips, without a cluster or a build: CI must not pass on a missing prerequisite.
  cluster = await connect();
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' first.`);
  if (spawnSync('rsync', ['--version']).status !== 0) {
    throw new Error(
      'rsync is missing: gitlab-ci-local copies artifacts with it (apt-get install rsync).',
    );
  }
  const packed = packShakedown();
  await rm(join(packed.path, '..'), { recursive: true, force: true });
  registry = await NpmRegistryFakeServer.start(packed);
  npmCache = mkdtempSync(join(tmpdir(), 'sd-npx-cache-'));
  fake = await GitLabFakeServer.start({ projectPath: PROJECT_PATH, mergeRequests: [MR] });
  for (let i = 0; i < 120; i++) fake.addNote(MR, `review note ${i}`, i % 4 === 0);
  project = componentProject(REPO);
  first = await runPipeline(project, variables());
}, 300_000);

afterAll(async () => {
  await fake?.close();
  await registry?.close();
  if (npmCache) await rm(npmCache, { recursive: true, force: true });
  if (project) await rm(project, { recursive: true, force: true });
});

describe('the component project’s pipeline under gitlab-ci-local', () => {
  it('passes: the passing job passes, the failing one fails as allowed, both checks pass', () => {
    const summary = `exit ${first.code}\n${first.output.slice(-4000)}`;
    expect(summary).toMatch(/^exit 0\n/);
    expect(finished(first, 'shakedown-passing')).toMatch(/finished in [^A-Z]*$/);
    expect(finished(first, 'shakedown-failing')).toMatch(/ WARN 1 *$/);
    expect(finished(first, 'verify-passing')).toMatch(/finished in [^A-Z]*$/);
    expect(finished(first, 'verify-failing')).toMatch(/finished in [^A-Z]*$/);
    expect(fake.violations).toEqual([]);
  });

  it('ran the packed package through the component’s default npx command', () => {
    expect(first.output).toMatch(
      /shakedown-passing \$ \$\{SHAKEDOWN_CLI:-npx --yes shakedown@latest\} gitlab$/m,
    );
    expect(registry.requests).toContain('GET /shakedown');
    expect(registry.requests).toContain(`GET ${registry.tarballPath}`);
    expect(first.output).not.toContain('SHAKEDOWN_TEST_CLI');
  });

  it('ran both workflows in the cluster, with collapsible log sections per run', () => {
    expect(first.output).toMatch(/shakedown-passing > .*✔ component-passing passed in/);
    expect(first.output).toMatch(/shakedown-failing > .*component-failing failed in/);
    // gitlab-ci-local turns GitLab's section markers into "<name> started / took" lines.
    expect(first.output).toMatch(
      /shakedown-passing shakedown_1_shakedown_component-passing_run_\w+_started/,
    );
    expect(first.output).toMatch(
      /shakedown-passing shakedown_1_shakedown_component-passing_run_\w+ took \d+ms/,
    );
  });

  it('posted a commit status per workflow: running, then success or failed, linking the job', () => {
    expect(statusesOf('component-passing').map((s) => s.status)).toEqual(['running', 'success']);
    expect(statusesOf('component-failing').map((s) => s.status)).toEqual(['running', 'failed']);
    for (const status of fake.statuses) {
      expect(status.target_url).toMatch(
        /^https:\/\/gitlab\.example\.com\/acme\/shakedown\/-\/jobs\/\d+$/,
      );
    }
    expect(statusesOf('component-failing')[1]!.description).toBe('Failed: 1 failed, 1 passed');
  });

  it('wrote one sticky note per workflow behind 120 other notes', () => {
    expect(ours()).toHaveLength(2);
    const failing = ours().find((n) => n.body.startsWith(commentMarker('component-failing')))!;
    expect(failing.body).toContain('the total is right');
    expect(failing.body).toContain('expected 3, got 4');
    expect(recordedOutcome(failing.body)).toMatch(/^failed total=2 passed=1 failed=1/);
  });

  it('left JUnit and dotenv reports as artifacts, with the outputs later jobs read', () => {
    const passing = parseDotenv(
      artifact(project, 'shakedown-passing', 'results/passing/shakedown.env'),
    );
    expect(passing).toMatchObject({
      SHAKEDOWN_RESULT: 'passed',
      SHAKEDOWN_TOTAL: '2',
      SHAKEDOWN_PASSED: '2',
      SHAKEDOWN_FAILED: '0',
      SHAKEDOWN_RESULTS_DIR: 'results/passing/component-passing',
    });
    expect(passing.SHAKEDOWN_NOTE_URL).toMatch(/\/acme\/shakedown\/-\/merge_requests\/7#note_\d+$/);
    const failing = parseDotenv(
      artifact(project, 'shakedown-failing', 'results/failing/shakedown.env'),
    );
    expect(failing).toMatchObject({ SHAKEDOWN_RESULT: 'failed', SHAKEDOWN_FAILED: '1' });
    const junit = artifact(
      project,
      'shakedown-failing',
      'results/failing/component-failing/junit.xml',
    );
    expect(junit).toContain('expected 3, got 4');
    expect(
      artifact(project, 'shakedown-passing', 'results/passing/component-passing/junit.xml'),
    ).toContain('the report is written');
  });

  it('left nothing of either run in the cluster, and said so again in after_script', async () => {
    const runIds = [
      parseDotenv(artifact(project, 'shakedown-passing', 'results/passing/shakedown.env'))
        .SHAKEDOWN_RUN_ID!,
      parseDotenv(artifact(project, 'shakedown-failing', 'results/failing/shakedown.env'))
        .SHAKEDOWN_RUN_ID!,
    ];
    expect(first.output).toContain(`shakedown-passing > run ${runIds[0]}: nothing left`);
    expect(first.output).toContain(`shakedown-failing > run ${runIds[1]}: nothing left`);
    for (const runId of runIds) {
      await waitFor(`namespaces of run ${runId} gone`, 60_000, async () => {
        const list = await cluster.core.listNamespace({
          labelSelector: `shakedown.dev/run-id=${runId}`,
        });
        return list.items.length === 0;
      });
    }
  });

  it('removes in after_script what a cancelled job’s run left in the cluster', async () => {
    // What a job cancelled mid-run leaves: the run id recorded, its namespace still there.
    const runId = `left${Date.now().toString(36)}`;
    const namespace = `component-left-${runId}`;
    await cluster.core.createNamespace({
      body: { metadata: { name: namespace, labels: runLabels(runId) } },
    });
    const workspace = mkdtempSync(join(tmpdir(), 'sd-gitlab-cancelled-'));
    mkdirSync(join(workspace, 'shakedown-results'));
    writeFileSync(join(workspace, 'shakedown-results/run-ids.txt'), `${runId}\n`);
    const cleanup = spawnSync(process.execPath, [CLI, 'gitlab', '--cleanup'], {
      cwd: workspace,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        SHAKEDOWN_INPUT_KUBECONFIG: 'KUBE',
        KUBE: cluster.kubeconfigPath,
      },
    });
    await rm(workspace, { recursive: true, force: true });
    expect([cleanup.status, cleanup.stderr]).toEqual([
      0,
      `run ${runId}: removed namespace ${namespace}\n`,
    ]);
    await waitFor(`namespace ${namespace} gone`, 60_000, async () => {
      const list = await cluster.core.listNamespace({
        labelSelector: `shakedown.dev/run-id=${runId}`,
      });
      return list.items.length === 0;
    });
  });

  it('updates the note in place when the job runs again, and keeps the statuses apart', async () => {
    const before = ours().map((n) => n.id);
    fake.requests.length = 0;
    const again = await runPipeline(project, variables(), ['shakedown-failing']);
    expect(finished(again, 'shakedown-failing')).toMatch(/ WARN 1 *$/);
    expect(ours().map((n) => n.id)).toEqual(before);
    const noteWrites = fake.requests.filter((r) => r.method !== 'GET' && r.path.includes('/notes'));
    expect(noteWrites.map((r) => r.method)).toEqual(['PUT']);
    expect(statusesOf('component-failing').map((s) => s.status)).toEqual([
      'running',
      'failed',
      'running',
      'failed',
    ]);
    expect(fake.violations).toEqual([]);
  });
});
