// The action's main step with the real GitHub reporter against the fake GitHub API; only the
// engine is faked. Covers the fork pull request (read-only token) and report-only mode of the
// workflow_run recipe.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createActionReporter } from '../../../src/adapters/github/action-reporter.js';
import { readResultsFiles } from '../../../src/adapters/github/results-reader.js';
import { runAction, type ActionDeps } from '../../../src/app/action/run-action.js';
import { renderJobSummary } from '../../../src/core/report/index.js';
import type { RunResult } from '../../../src/core/results/model.js';
import type { GitHubFakeServer } from '../../support/github-fake-server.js';
import { fakeRuntime, type FakeRuntime } from '../../unit/action/fake-runtime.js';
import { runResult } from '../../unit/action/run-fixtures.js';
import {
  HEAD_SHA,
  PR,
  pullRequestEvent,
  runnerEnv,
  writeEvent,
  useFakeGitHub,
} from './reporter-setup.js';

let fake: GitHubFakeServer;
useFakeGitHub((server) => (fake = server));

function deps(runtime: FakeRuntime, result: RunResult): ActionDeps {
  return {
    runtime,
    createEngine: () => ({
      select: async () => [result.workflow],
      run: async (_settings, request) => ({ result: { ...result, runId: request.runId } }),
    }),
    createReporter: (settings) => createActionReporter(settings, runtime.env, runtime),
    clusterSecrets: async () => [],
    sensitiveValues: async () => [],
    readResults: async (paths) => readResultsFiles(paths),
    renderJobSummary: (run, { maxBytes }) => renderJobSummary(run, { limit: maxBytes }),
    newRunId: () => 'abc123',
    now: () => Date.parse('2025-06-02T10:00:00Z'),
  };
}

describe('a pull request from a fork (read-only token)', () => {
  it('still writes the summary and outputs, warns once, and fails only for the tests', async () => {
    fake.readOnly = true;
    const env = runnerEnv(fake, writeEvent(pullRequestEvent(fake, { fork: true })));
    const runtime = fakeRuntime(
      { 'github-token': fake.token },
      { ...env, GITHUB_WORKSPACE: tmpdir() },
    );
    await runAction(deps(runtime, runResult({ cases: ['passed', 'failed'] })));

    expect(runtime.warnings()).toHaveLength(1);
    expect(runtime.warnings()[0]).toMatch(/comes from a fork/);
    expect(runtime.outputs).toMatchObject({
      result: 'failed',
      total: '2',
      'check-run-url': '',
      'comment-url': '',
    });
    expect(runtime.summary.join('')).toContain('shop-api failed');
    expect(runtime.failed).toEqual(["Workflow 'shop-api' failed: 1 of 2 tests failed."]);
    expect(fake.state.checkRuns).toHaveLength(0);
    expect(fake.state.comments).toHaveLength(0);
  });
});

describe('report-only mode (the workflow_run recipe)', () => {
  it('posts the downloaded results on the fork PR, linking the run that tested it', async () => {
    const artifact = mkdtempSync(join(tmpdir(), 'sd-artifact-'));
    mkdirSync(join(artifact, 'shop-api'));
    const tested = runResult({ runId: 'fork42', cases: ['passed', 'failed'] });
    writeFileSync(join(artifact, 'shop-api', 'results.json'), JSON.stringify(tested));
    writeFileSync(join(artifact, 'shop-api', 'junit.xml'), '<testsuites/>');
    writeFileSync(
      join(artifact, 'event.json'),
      JSON.stringify(pullRequestEvent(fake, { fork: true })),
    );
    const testedRun = 'https://github.com/acme/shop/actions/runs/555';
    const ownEvent = writeEvent({
      workflow_run: {
        html_url: testedRun,
        head_sha: HEAD_SHA,
        event: 'pull_request',
        pull_requests: [],
      },
    });
    const env = {
      ...runnerEnv(fake, ownEvent),
      GITHUB_EVENT_NAME: 'workflow_run',
      GITHUB_WORKSPACE: artifact,
    };
    const runtime = fakeRuntime(
      {
        'github-token': fake.token,
        'results-file': artifact,
        'event-file': join(artifact, 'event.json'),
      },
      env,
    );
    await runAction(deps(runtime, runResult({ workflow: 'never-run' })));

    expect(runtime.failed).toEqual([]);
    expect(runtime.warnings()).toEqual([]);
    const checkRun = fake.state.checkRuns[0]!;
    expect(checkRun).toMatchObject({
      name: 'Shakedown (shop-api)',
      head_sha: HEAD_SHA,
      external_id: 'fork42',
      details_url: testedRun,
      conclusion: 'failure',
    });
    // The job lookup is for this job; the check run belongs to the run that tested.
    expect(fake.calls('actions/list-jobs-for-workflow-run-attempt')).toEqual([]);
    const comments = fake.state.commentsOn(PR);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain(testedRun);
    expect(runtime.outputs).toMatchObject({
      result: 'failed',
      'results-file': join(artifact, 'shop-api', 'results.json'),
      'junit-file': join(artifact, 'shop-api', 'junit.xml'),
      'check-run-url': `https://github.com/acme/shop/runs/${checkRun.id}`,
    });
  });

  it('fails the step, naming the file, when the results are not Shakedown results', async () => {
    const artifact = mkdtempSync(join(tmpdir(), 'sd-artifact-'));
    writeFileSync(join(artifact, 'results.json'), '{"version": 2}');
    const runtime = fakeRuntime(
      { 'github-token': fake.token, 'results-file': artifact },
      runnerEnv(fake, writeEvent(pullRequestEvent(fake))),
    );
    await runAction(deps(runtime, runResult()));
    expect(runtime.failed[0]).toContain(
      `${join(artifact, 'results.json')}: not a Shakedown results file`,
    );
    expect(fake.requests).toEqual([]);
  });
});
