// The GitHub reporter against the fake GitHub API, which validates every request against the
// official OpenAPI description and enforces GitHub's undocumented limits.
import type { GitHubFakeServer } from '../../support/github-fake-server.js';
import { runResult } from '../../unit/action/run-fixtures.js';
import {
  HEAD_SHA,
  MERGE_SHA,
  PR,
  RUN_ID,
  reporterFor,
  runnerEnv,
  writeEvent,
  useFakeGitHub,
} from './reporter-setup.js';

let fake: GitHubFakeServer;
useFakeGitHub((server) => (fake = server));

const start = (runId = 'r1a2b3', workflow = 'shop-api') => ({
  runId,
  workflow,
  startedAt: '2025-06-02T10:00:00.000Z',
});

function job(runnerName = 'GitHub Actions 17') {
  return fake.state.addJob({
    run_id: RUN_ID,
    run_attempt: 1,
    name: 'integration',
    runner_name: runnerName,
    status: 'in_progress',
  });
}

describe('check run', () => {
  it('is created in progress on the PR head, linking the job, then completed', async () => {
    const mine = job();
    job('GitHub Actions 3'); // another job of the same run, on another runner
    const { reporter, logged } = reporterFor(fake);
    const report = await reporter.start(start());

    expect(fake.calls('checks/create')).toHaveLength(1);
    const created = fake.state.checkRuns[0]!;
    expect(created).toMatchObject({
      name: 'Shakedown (shop-api)',
      head_sha: HEAD_SHA, // the PR's head commit, not the merge commit in GITHUB_SHA
      status: 'in_progress',
      conclusion: null,
      external_id: 'r1a2b3',
      details_url: `https://github.com/acme/shop/actions/runs/${RUN_ID}/job/${mine.id}`,
    });

    const links = await report.finish(runResult({ cases: ['passed', 'failed', 'passed'] }));
    expect(created).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      completed_at: '2025-06-02T10:05:00Z',
    });
    expect(created.output.title).toBe('Failed: 1 failed, 2 passed');
    expect(created.annotations).toEqual([
      expect.objectContaining({
        path: 'src/test-1.test.ts',
        start_line: 11,
        annotation_level: 'failure',
      }),
    ]);
    expect(links.checkUrl).toBe(`https://github.com/acme/shop/runs/${created.id}`);
    expect(logged.warnings).toEqual([]);
  });

  it.each([
    ['passed', 'success'],
    ['failed', 'failure'],
    ['cancelled', 'cancelled'],
    ['timed_out', 'timed_out'],
    ['error', 'failure'],
  ] as const)('maps a %s run to the %s conclusion', async (status, conclusion) => {
    const { reporter } = reporterFor(fake);
    await (await reporter.start(start())).finish(runResult({ status, cases: ['passed'] }));
    expect(fake.state.checkRuns[0]!.conclusion).toBe(conclusion);
  });

  it('sends more than 50 annotations in batches of 50, completing with the last one', async () => {
    const { reporter } = reporterFor(fake);
    const report = await reporter.start(start());
    await report.finish(runResult({ cases: Array(120).fill('failed') }));

    const updates = fake.calls('checks/update').map((r) => r.body as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(updates.map((u) => u.output.annotations.length)).toEqual([50, 50, 20]);
    expect(updates.map((u) => u.conclusion)).toEqual([undefined, undefined, 'failure']);
    const run = fake.state.checkRuns[0]!;
    expect(run.annotations).toHaveLength(120);
    expect(new Set(run.annotations.map((a) => a.start_line)).size).toBe(120);
  });

  it('links the workflow run when the job cannot be found (no actions: read)', async () => {
    const { reporter, logged } = reporterFor(fake);
    await reporter.start(start());
    expect(fake.state.checkRuns[0]!.details_url).toBe(
      `https://github.com/acme/shop/actions/runs/${RUN_ID}/attempts/1`,
    );
    expect(logged.warnings).toEqual([]);
  });

  it('creates the check run at the end when GitHub failed at the start, and warns', async () => {
    const { reporter, logged } = reporterFor(fake);
    fake.failNext('checks/create', 502, 'Server Error', 4);
    const report = await reporter.start(start());
    expect(fake.state.checkRuns).toHaveLength(0);
    await report.finish(runResult());
    expect(fake.state.checkRuns).toHaveLength(1);
    expect(fake.state.checkRuns[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(logged.warnings).toEqual(['Could not create the check run: 502 Server Error']);
  });

  it('stops posting after a permission refusal at the start', async () => {
    const { reporter, logged } = reporterFor(fake);
    fake.readOnly = true;
    const report = await reporter.start(start());
    fake.readOnly = false;
    await report.finish(runResult());
    expect(fake.state.checkRuns).toHaveLength(0);
    expect(fake.state.comments).toHaveLength(0);
    expect(logged.warnings).toHaveLength(1);
  });
});

describe('sticky comment', () => {
  it('is created once, then updated in place, with more than 30 comments across pages', async () => {
    for (let i = 0; i < 45; i++) fake.state.seedComment(PR, `review comment ${i}`);
    const first = reporterFor(fake).reporter;
    const links1 = await (await first.start(start('run1'))).finish(runResult({ runId: 'run1' }));
    expect(fake.calls('issues/create-comment')).toHaveLength(1);
    const comment = fake.state.commentsOn(PR).at(-1)!;
    expect(links1.commentUrl).toBe(
      `https://github.com/acme/shop/pull/${PR}#issuecomment-${comment.id}`,
    );

    for (let i = 45; i < 80; i++) fake.state.seedComment(PR, `review comment ${i}`);
    const second = reporterFor(fake).reporter;
    const links2 = await (
      await second.start(start('run2'))
    ).finish(runResult({ runId: 'run2', cases: ['passed'] }));
    expect(fake.calls('issues/create-comment')).toHaveLength(1);
    expect(fake.calls('issues/update-comment')).toHaveLength(1);
    expect(links2.commentUrl).toBe(links1.commentUrl);
    const ours = fake.state
      .commentsOn(PR)
      .filter((c) => c.body.startsWith('<!-- shakedown:shop-api -->'));
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toContain('## ✅ shop-api passed');
    // The marker was found by following GitHub's pagination links.
    expect(fake.calls('issues/list-comments').length).toBeGreaterThan(1);
  });

  it('writes no comment when the existing ones could not be read, rather than a duplicate', async () => {
    const { reporter: first } = reporterFor(fake);
    await (await first.start(start())).finish(runResult());
    for (let i = 0; i < 120; i++) fake.state.seedComment(PR, `review comment ${i}`);
    const { reporter: second, logged } = reporterFor(fake);
    const report = await second.start(start());
    fake.failNext('issues/list-comments', 502, 'Server Error', 4);
    const links = await report.finish(runResult());
    expect(links.commentUrl).toBeUndefined();
    expect(fake.calls('issues/create-comment')).toHaveLength(1);
    expect(logged.warnings).toEqual(['Could not read the pull request comments: 502 Server Error']);
  });

  it('keeps one comment per workflow', async () => {
    const { reporter } = reporterFor(fake);
    await (
      await reporter.start(start('a', 'shop-api'))
    ).finish(runResult({ workflow: 'shop-api' }));
    await (
      await reporter.start(start('b', 'checkout'))
    ).finish(runResult({ workflow: 'checkout' }));
    const { reporter: again } = reporterFor(fake);
    await (await again.start(start('c', 'checkout'))).finish(runResult({ workflow: 'checkout' }));
    expect(fake.state.commentsOn(PR)).toHaveLength(2);
    expect(fake.calls('issues/update-comment')).toHaveLength(1);
  });

  it('failures mode: no comment for a passing run, but an existing one is brought up to date', async () => {
    const passing = () => reporterFor(fake, { comment: 'failures' }).reporter;
    const links = await (await passing().start(start())).finish(runResult({ cases: ['passed'] }));
    expect(fake.state.commentsOn(PR)).toHaveLength(0);
    expect(links.commentUrl).toBeUndefined();

    await (await passing().start(start())).finish(runResult({ cases: ['failed'] }));
    await (await passing().start(start())).finish(runResult({ cases: ['passed'] }));
    expect(fake.state.commentsOn(PR)).toHaveLength(1);
    expect(fake.state.commentsOn(PR)[0]!.body).toContain('## ✅ shop-api passed');
  });

  it('changes mode: leaves the comment alone while the outcome is the same', async () => {
    const changes = () => reporterFor(fake, { comment: 'changes' }).reporter;
    await (await changes().start(start())).finish(runResult({ cases: ['failed'] }));
    const links = await (await changes().start(start())).finish(runResult({ cases: ['failed'] }));
    expect(fake.calls('issues/update-comment')).toHaveLength(0);
    const { id } = fake.state.commentsOn(PR)[0]!;
    expect(links.commentUrl).toBe(`https://github.com/acme/shop/pull/${PR}#issuecomment-${id}`);
    await (await changes().start(start())).finish(runResult({ cases: ['failed', 'failed'] }));
    expect(fake.calls('issues/update-comment')).toHaveLength(1);
  });

  it('off mode: never reads or writes comments', async () => {
    const { reporter } = reporterFor(fake, { comment: 'off' });
    await (await reporter.start(start())).finish(runResult({ cases: ['failed'] }));
    expect(fake.requests.filter((r) => r.operationId?.startsWith('issues/'))).toEqual([]);
  });

  it('is not written for an event without a pull request', async () => {
    const env = {
      ...runnerEnv(fake, writeEvent({ ref: 'refs/heads/main' })),
      GITHUB_EVENT_NAME: 'push',
    };
    const { reporter } = reporterFor(fake, { env });
    await (await reporter.start(start())).finish(runResult());
    expect(fake.state.checkRuns[0]!.head_sha).toBe(MERGE_SHA);
    expect(fake.requests.filter((r) => r.operationId?.startsWith('issues/'))).toEqual([]);
  });
});

describe('pull request from a fork (read-only token)', () => {
  it('warns once, clearly, posts nothing and does not throw', async () => {
    fake.readOnly = true;
    const { reporter, logged } = reporterFor(fake, { fork: true });
    const a = await reporter.start(start('a', 'shop-api'));
    const b = await reporter.start(start('b', 'checkout'));
    expect(await a.finish(runResult())).toEqual({});
    expect(await b.finish(runResult({ workflow: 'checkout' }))).toEqual({});
    expect(logged.warnings).toHaveLength(1);
    expect(logged.warnings[0]).toMatch(
      /could not create the check run on acme\/shop \(403 Resource not accessible by integration\)/,
    );
    expect(logged.warnings[0]).toMatch(/comes from a fork/);
    expect(logged.warnings[0]).toMatch(/workflow_run/);
    expect(fake.requests.filter((r) => r.method !== 'GET')).toHaveLength(1);
  });

  it('names the missing permissions when the PR is not from a fork', async () => {
    fake.readOnly = true;
    const { reporter, logged } = reporterFor(fake);
    await (await reporter.start(start())).finish(runResult());
    expect(logged.warnings).toHaveLength(1);
    expect(logged.warnings[0]).toMatch(/checks: write, pull-requests: write/);
  });
});
