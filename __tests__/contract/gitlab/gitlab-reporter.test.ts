import { commentMarker, recordedOutcome, renderComment } from '../../../src/core/report/index.js';
import { GitLabFakeServer } from '../../support/gitlab-fake-server.js';
import { generatedRun } from '../../unit/report/generated-runs.js';
import { injectionRun } from '../../unit/report/injection-run.js';
import { failingRun, passingRun, run } from '../../unit/results/samples.js';
import { ciVariables, JOB_URL, MR, report, reporterFor, SHA } from './reporter-setup.js';

let fake: GitLabFakeServer;

beforeEach(async () => {
  fake = await GitLabFakeServer.start({ mergeRequests: [MR] });
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

const ours = () => fake.notes.filter((n) => n.author.username === 'project_42_bot');
const outcome = () => recordedOutcome(ours()[0]?.body ?? '')?.split(' ')[0];
const writes = () => fake.requests.filter((r) => r.method !== 'GET');

describe('GitLabReporter: commit status', () => {
  it('sets running, then success, on the job’s commit, pipeline and ref, linking the job', async () => {
    const { reporter, logged } = reporterFor(fake);
    const links = await report(reporter, passingRun());
    expect(fake.statuses.map((s) => s.status)).toEqual(['running', 'success']);
    for (const status of fake.statuses) {
      expect(status).toMatchObject({
        sha: SHA,
        name: 'shakedown (checkout-api)',
        ref: 'feature',
        target_url: JOB_URL,
      });
    }
    const posts = fake.requests.filter((r) => r.path.includes('/statuses/'));
    expect(posts.map((r) => r.path)).toEqual([
      `/api/v4/projects/42/statuses/${SHA}`,
      `/api/v4/projects/42/statuses/${SHA}`,
    ]);
    expect(posts.every((r) => r.body?.pipeline_id === 555)).toBe(true);
    expect(posts.every((r) => r.headers['private-token'] === fake.token)).toBe(true);
    expect(fake.statuses[0]!.description).toBe('Running checkout-api');
    expect(fake.statuses[1]!.description).toBe('Passed: 6 passed, 1 skipped');
    expect(links.checkUrl).toBe(ciVariables(fake).CI_PIPELINE_URL);
    expect(logged.warnings).toEqual([]);
  });

  it.each([
    ['failed', 'failed'],
    ['timed_out', 'failed'],
    ['error', 'failed'],
    ['cancelled', 'canceled'],
  ] as const)('ends a %s run as %s', async (status, state) => {
    const { reporter } = reporterFor(fake, { comment: 'off' });
    await report(reporter, run({ status }));
    expect(fake.statuses.map((s) => s.status)).toEqual(['running', state]);
  });

  it('keeps the description within 255 characters', async () => {
    const { reporter } = reporterFor(fake, { comment: 'off' });
    await report(reporter, run({ workflow: 'w'.repeat(300) }));
    expect(fake.statuses.every((s) => (s.description ?? '').length <= 255)).toBe(true);
    expect(fake.statuses.every((s) => s.name.length <= 255)).toBe(true);
  });
});

describe('GitLabReporter: sticky merge request note', () => {
  it('creates the note once, then updates it in place behind 150 other notes', async () => {
    for (let i = 0; i < 150; i++) fake.addNote(MR, `review comment ${i}`, i % 3 === 0);
    const first = reporterFor(fake);
    const created = await report(first.reporter, failingRun());
    expect(ours()).toHaveLength(1);
    const note = ours()[0]!;
    expect(note.body.startsWith(commentMarker('checkout-api'))).toBe(true);
    expect(outcome()).toBe('failed');
    expect(note.body).toContain(JOB_URL);
    expect(created.commentUrl).toBe(
      `${ciVariables(fake).CI_PROJECT_URL}/-/merge_requests/${MR}#note_${note.id}`,
    );

    fake.requests.length = 0;
    const second = reporterFor(fake);
    const updated = await report(second.reporter, passingRun());
    expect(ours()).toHaveLength(1);
    expect(outcome()).toBe('passed');
    expect(updated.commentUrl).toBe(created.commentUrl);
    // Every page was read to find it (150 notes + ours at 100 per page), then one PUT.
    const pages = fake.requests.filter((r) => r.method === 'GET').map((r) => r.query.page);
    expect(pages).toEqual(['1', '2']);
    expect(writes().map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /api/v4/projects/42/statuses/${SHA}`,
      `POST /api/v4/projects/42/statuses/${SHA}`,
      `PUT /api/v4/projects/42/merge_requests/${MR}/notes/${note.id}`,
    ]);
    expect(fake.notes.filter((n) => n.author.username === 'someone-else')).toHaveLength(150);
  });

  it('escapes test output: no mention, reference, HTML or forged marker gets through', async () => {
    const { reporter } = reporterFor(fake);
    await report(reporter, injectionRun());
    const body = ours()[0]!.body;
    // Inside a fenced code block text is inert; everywhere else nothing may be live.
    const outsideCode = body.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '');
    expect(outsideCode).not.toMatch(/@octocat|@acme|#123|<script|<img|\]\(javascript:/);
    expect(body).toContain('@\u200doctocat');
    expect(body.split(commentMarker(injectionRun().workflow))).toHaveLength(2);
    await report(reporter, injectionRun());
    expect(ours()).toHaveLength(1);
  });

  it('fits a huge run into GitLab’s 1,000,000-character note instead of failing', async () => {
    const huge = generatedRun({
      suites: 40,
      passingPerSuite: 200,
      failures: 3000,
      detailBytes: 2000,
    });
    // In full it would be far over the limit.
    expect(renderComment(huge, { limit: 50_000_000 }).length).toBeGreaterThan(1_000_000);
    const { reporter, logged } = reporterFor(fake);
    const links = await report(reporter, huge);
    const body = ours()[0]!.body;
    expect(body.length).toBeLessThanOrEqual(1_000_000);
    expect(body.length).toBeGreaterThan(100_000);
    expect(recordedOutcome(body)).toBeDefined();
    expect(links.commentUrl).toBeDefined();
    expect(logged.warnings).toEqual([]);
  }, 30_000);

  it('keeps one note per workflow', async () => {
    const { reporter } = reporterFor(fake);
    await report(reporter, passingRun());
    await report(reporter, { ...passingRun(), workflow: 'billing' });
    await report(reporter, passingRun());
    expect(ours()).toHaveLength(2);
  });

  it('does not take a note quoting ours for ours', async () => {
    fake.addNote(MR, `> ${commentMarker('checkout-api')}\n> quoted`);
    const { reporter } = reporterFor(fake);
    await report(reporter, passingRun());
    expect(ours()).toHaveLength(1);
  });

  it('follows the comment modes: failures and changes write nothing for an unchanged pass', async () => {
    await report(reporterFor(fake, { comment: 'failures' }).reporter, passingRun());
    expect(ours()).toHaveLength(0);
    await report(reporterFor(fake, { comment: 'changes' }).reporter, failingRun());
    expect(ours()).toHaveLength(1);
    fake.requests.length = 0;
    await report(reporterFor(fake, { comment: 'changes' }).reporter, failingRun());
    expect(writes().filter((r) => r.path.includes('/notes'))).toEqual([]);
    await report(reporterFor(fake, { comment: 'failures' }).reporter, passingRun());
    expect(outcome()).toBe('passed');
    await report(reporterFor(fake, { comment: 'off' }).reporter, failingRun());
    expect(outcome()).toBe('passed');
  });

  it('writes no note outside a merge request, but sets the status', async () => {
    const env = ciVariables(fake);
    delete env.CI_MERGE_REQUEST_IID;
    const { reporter, logged } = reporterFor(fake, { env });
    const links = await report(reporter, passingRun());
    expect(fake.notes).toEqual([]);
    expect(links.commentUrl).toBeUndefined();
    expect(fake.statuses).toHaveLength(2);
    expect(logged.info.join('\n')).toContain('no open merge request');
  });

  it('finds the merge request of a branch pipeline in CI_OPEN_MERGE_REQUESTS', async () => {
    const env = ciVariables(fake);
    for (const key of Object.keys(env).filter((k) => k.startsWith('CI_MERGE_REQUEST_'))) {
      delete env[key];
    }
    env.CI_OPEN_MERGE_REQUESTS = `other/project!3,${fake.projectPath}!${MR}`;
    const { reporter } = reporterFor(fake, { env });
    await report(reporter, passingRun());
    expect(ours()).toHaveLength(1);
    expect(
      fake.requests.some((r) => r.path === `/api/v4/projects/42/merge_requests/${MR}/notes`),
    ).toBe(true);
  });
});

describe('GitLabReporter without a usable token', () => {
  it('says once that there is no token, calls nothing, and goes on', async () => {
    const { reporter, logged } = reporterFor(fake, { token: '' });
    const links = await report(reporter, failingRun());
    await report(reporter, passingRun());
    expect(fake.requests).toEqual([]);
    expect(links).toEqual({});
    expect(logged.warnings).toHaveLength(1);
    expect(logged.warnings[0]).toContain('No GitLab token in $SHAKEDOWN_GITLAB_TOKEN');
    expect(logged.warnings[0]).toContain('CI_JOB_TOKEN cannot write notes or commit statuses');
  });

  it('says once that CI_JOB_TOKEN cannot write, without calling the API', async () => {
    const { reporter, logged } = reporterFor(fake, { token: fake.jobToken });
    await report(reporter, failingRun());
    expect(fake.requests).toEqual([]);
    expect(logged.warnings).toHaveLength(1);
    expect(logged.warnings[0]).toContain("holds the job's CI_JOB_TOKEN");
  });

  it('stops after GitLab refuses the token, with one message naming the fix', async () => {
    const env = ciVariables(fake);
    delete env.CI_JOB_TOKEN; // the token cannot be recognised up front
    const { reporter, logged } = reporterFor(fake, { env, token: fake.jobToken });
    const links = await report(reporter, failingRun());
    await report(reporter, passingRun());
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.status).toBe(401);
    expect(links).toEqual({});
    expect(logged.warnings).toHaveLength(1);
    expect(logged.warnings[0]).toContain('GitLab refused to set the commit status (');
    expect(logged.warnings[0]).toContain('401 Unauthorized');
    expect(logged.warnings[0]).toContain('api scope and at least the Developer role in acme/shop');
    fake.violations.length = 0;
  });

  it('explains a refusal on a merge request from a fork', async () => {
    const env = { ...ciVariables(fake), CI_MERGE_REQUEST_SOURCE_PROJECT_ID: '99' };
    const { reporter, logged } = reporterFor(fake, { env, token: 'glpat-revoked' });
    await report(reporter, failingRun());
    expect(logged.warnings).toHaveLength(1);
    expect(logged.warnings[0]).toContain('comes from a fork');
    fake.violations.length = 0;
  });

  it('warns and goes on when the API fails otherwise', async () => {
    const env = { ...ciVariables(fake), CI_MERGE_REQUEST_IID: '8' }; // no such MR: 404
    const { reporter, logged } = reporterFor(fake, { env });
    const links = await report(reporter, passingRun());
    expect(fake.statuses).toHaveLength(2);
    expect(links.commentUrl).toBeUndefined();
    expect(logged.warnings).toEqual([
      expect.stringContaining('Could not read the merge request notes: GET'),
      expect.stringContaining('Could not write the merge request note: POST'),
    ]);
    fake.violations.length = 0;
  });
});
