import { runArguments } from '../../../src/app/ci/cli-engine.js';
import { folderOf } from '../../../src/app/ci/workflow-run.js';
import { readGitLabSettings } from '../../../src/app/gitlab/gitlab-settings.js';
import {
  runGitLabJob,
  type GitLabEngine,
  type GitLabJobDeps,
} from '../../../src/app/gitlab/run-gitlab.js';
import type { RunResult } from '../../../src/core/results/model.js';
import type { Reporter, RunStart } from '../../../src/ports/reporter.js';
import { failingRun, passingRun, run } from '../results/samples.js';

interface Recorded {
  events: string[];
  files: Record<string, string>;
  log: string[];
  deps: GitLabJobDeps;
}

function job(
  env: Record<string, string>,
  results: Record<string, { result: RunResult; exitCode: number }>,
  select?: GitLabEngine['select'],
): Recorded {
  const events: string[] = [];
  const files: Record<string, string> = {};
  const log: string[] = [];
  let ids = 0;
  const reporter: Reporter = {
    async start(start: RunStart) {
      events.push(`start ${start.workflow} ${start.runId}`);
      return {
        finish: async (result) => {
          events.push(`finish ${result.workflow} ${result.status}`);
          return { commentUrl: `https://gitlab.example.com/note/${result.workflow}` };
        },
      };
    },
  };
  const engine: GitLabEngine = {
    select: select ?? (async () => Object.keys(results)),
    async run(_settings, request) {
      events.push(`run ${request.workflow} ${request.runId} → ${request.resultsDir}`);
      const outcome = results[request.workflow]!;
      return { ...outcome, result: { ...outcome.result, runId: request.runId } };
    },
  };
  const deps: GitLabJobDeps = {
    env,
    engine,
    createReporter: () => reporter,
    writeResultsFile: async (dir, name, text) => {
      if (name === 'run-ids.txt') events.push(`record ${text.trim().split('\n').join(',')}`);
      files[`${dir}/${name}`] = text;
    },
    newRunId: () => `run${++ids}`,
    now: () => Date.parse('2026-01-01T00:00:00Z'),
    log: {
      info: (m) => void log.push(`info: ${m}`),
      warning: (m) => void log.push(`warning: ${m}`),
      error: (m) => void log.push(`error: ${m}`),
    },
    group: (title) => {
      events.push(`open ${title}`);
      return () => events.push(`close ${title}`);
    },
  };
  return { events, files, log, deps };
}

const passed = (workflow: string) => ({ result: { ...passingRun(), workflow }, exitCode: 0 });

describe('runGitLabJob', () => {
  it('reports each workflow around its run, in its own folder, and writes the dotenv report', async () => {
    const { deps, events, files, log } = job(
      {},
      {
        api: passed('api'),
        billing: { result: { ...failingRun(), workflow: 'billing' }, exitCode: 1 },
      },
    );
    expect(await runGitLabJob(deps)).toBe(1);
    expect(events).toEqual([
      'record ',
      'record run1',
      'start api run1',
      'open shakedown: api (run run1)',
      'run api run1 → shakedown-results/api',
      'close shakedown: api (run run1)',
      'finish api passed',
      'record run1,run2',
      'start billing run2',
      'open shakedown: billing (run run2)',
      'run billing run2 → shakedown-results/billing',
      'close shakedown: billing (run run2)',
      'finish billing failed',
    ]);
    expect(files['shakedown-results/run-ids.txt']).toBe('run1\nrun2\n');
    const dotenv = files['shakedown-results/shakedown.env']!;
    expect(dotenv).toContain('SHAKEDOWN_RESULT=failed\n');
    expect(dotenv).toContain('SHAKEDOWN_RUN_ID=run1 run2\n');
    expect(dotenv).toContain(
      'SHAKEDOWN_NOTE_URL=https://gitlab.example.com/note/api https://gitlab.example.com/note/billing\n',
    );
    expect(log.at(-1)).toMatch(
      /^info: shakedown: api passed — 6\/7 tests passed\nshakedown: billing failed/,
    );
  });

  it('exits 0 when every run passed, and 2 when one could not run', async () => {
    expect(await runGitLabJob(job({}, { api: passed('api') }).deps)).toBe(0);
    const errored = { result: run({ workflow: 'db', status: 'error' }), exitCode: 2 };
    expect(await runGitLabJob(job({}, { api: passed('api'), db: errored }).deps)).toBe(2);
  });

  it('fails at once on a bad input, before reporting or running anything', async () => {
    const recorded = job({ SHAKEDOWN_INPUT_COMMENT: 'loud' }, { api: passed('api') });
    expect(await runGitLabJob(recorded.deps)).toBe(2);
    expect(recorded.events).toEqual([]);
    expect(recorded.log).toEqual([
      "error: Input 'comment' (SHAKEDOWN_INPUT_COMMENT): 'loud' is not allowed. Expected one of: always, failures, changes, off.",
    ]);
  });

  it('fails when no workflow can be selected', async () => {
    const recorded = job({}, {}, async () => {
      throw new Error('No TestWorkflow in .shakedown/.');
    });
    expect(await runGitLabJob(recorded.deps)).toBe(2);
    expect(recorded.log).toEqual(['error: No TestWorkflow in .shakedown/.']);
  });

  it('writes the dotenv report into the results directory input', async () => {
    const recorded = job({ SHAKEDOWN_INPUT_RESULTS_DIR: 'out' }, { api: passed('api') });
    await runGitLabJob(recorded.deps);
    expect(Object.keys(recorded.files).sort()).toEqual(['out/run-ids.txt', 'out/shakedown.env']);
  });

  it('names result folders after the workflow, safely', () => {
    expect(folderOf('checkout-api')).toBe('checkout-api');
    expect(folderOf('../x y')).toBe('__x_y');
  });
});

describe('runArguments', () => {
  it('turns the settings into `shakedown run` flags', () => {
    const settings = readGitLabSettings({
      SHAKEDOWN_INPUT_WORKFLOW: 'tests/',
      SHAKEDOWN_INPUT_KUBECONFIG: 'KUBE',
      KUBE: '/tmp/kubeconfig',
      SHAKEDOWN_INPUT_CONTEXT: 'ci',
      SHAKEDOWN_INPUT_NAMESPACE: 'qa',
      SHAKEDOWN_INPUT_MANIFESTS: 'k8s/app.yaml,k8s/db.yaml',
      SHAKEDOWN_INPUT_CONFIG: 'url=http://app?a=b\nusers=3',
      SHAKEDOWN_INPUT_TIMEOUT: '20m',
      SHAKEDOWN_INPUT_KEEP_NAMESPACE: 'on-failure',
    });
    expect(
      runArguments(settings, {
        workflow: 'api',
        runId: 'abc123',
        resultsDir: 'shakedown-results/api',
      }),
    ).toEqual([
      'tests/',
      '--name',
      'api',
      '--config',
      'url=http://app?a=b',
      '--config',
      'users=3',
      '--kubeconfig',
      '/tmp/kubeconfig',
      '--context',
      'ci',
      '--namespace',
      'qa',
      '--manifests',
      'k8s/app.yaml',
      '--manifests',
      'k8s/db.yaml',
      '--timeout',
      '20m',
      '--keep-namespace',
      'on-failure',
      '--out',
      'shakedown-results/api',
      '--run-id',
      'abc123',
    ]);
  });
});
