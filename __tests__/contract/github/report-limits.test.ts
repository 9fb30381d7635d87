// Reports that would break GitHub's limits, and test output that would inject markup, sent
// through the real renderers to the fake GitHub (which answers 422 to anything over a limit).
import type { RunResult, TestCase } from '../../../src/core/results/model.js';
import type { GitHubFakeServer } from '../../support/github-fake-server.js';
import { runResult } from '../../unit/action/run-fixtures.js';
import { PR, reporterFor, useFakeGitHub } from './reporter-setup.js';

let fake: GitHubFakeServer;
useFakeGitHub((server) => (fake = server));

const start = { runId: 'r1', workflow: 'shop-api', startedAt: '2025-06-02T10:00:00.000Z' };

function cases(run: RunResult): TestCase[] {
  return run.steps[0]!.suites[0]!.cases;
}

async function report(run: RunResult) {
  const { reporter, logged } = reporterFor(fake);
  const links = await (await reporter.start(start)).finish(run);
  return {
    links,
    logged,
    checkRun: fake.state.checkRuns[0]!,
    comment: fake.state.commentsOn(PR)[0],
  };
}

describe('reports over GitHub limits', () => {
  it('degrades the summary and the comment to fit instead of failing', async () => {
    // 2000 failures with multi-byte names and long traces: far over 64 KB in any unit.
    const run = runResult({ cases: Array(2000).fill('failed') });
    for (const c of cases(run)) {
      c.name = `le panier est vidé après le paiement ${c.name} ${'é'.repeat(40)}`;
      c.details = `AssertionError: ${'ü'.repeat(3000)}\n    at src/cart.test.ts:12:5`;
    }
    const { checkRun, comment, logged, links } = await report(run);

    expect(logged.warnings).toEqual([]);
    expect(checkRun.conclusion).toBe('failure');
    expect(Buffer.byteLength(checkRun.output.summary!)).toBeLessThanOrEqual(65535);
    expect(checkRun.output.summary).toMatch(/to fit the 65535-byte check run summary limit/);
    expect(comment!.body.length).toBeLessThanOrEqual(65536);
    expect(comment!.body).toMatch(/to fit the 65\d+-character comment limit/);
    expect(links.commentUrl).toBeDefined();
    // Annotations are capped, the rest counted in the summary.
    expect(checkRun.annotations).toHaveLength(1000);
    expect(fake.calls('checks/update')).toHaveLength(20);
    expect(checkRun.output.summary).toContain('1000 over the limit of 1000 annotations');
  });

  it('says how many failed tests could not be annotated because their file is not in the repository', async () => {
    const run = runResult({ cases: ['failed', 'failed', 'passed'] });
    cases(run)[0]!.file = '/usr/lib/node_modules/runner/index.js';
    const { checkRun } = await report(run);
    expect(checkRun.annotations.map((a) => a.path)).toEqual(['src/test-1.test.ts']);
    expect(checkRun.output.summary).toContain(
      '1 failed test was not annotated: 1 names no file of this repository.',
    );
  });
});

describe('test output in reports', () => {
  it('cannot inject markup or mention anyone', async () => {
    const run = runResult({ cases: ['failed'] });
    Object.assign(cases(run)[0]!, {
      name: '@octocat <img src=x onerror=alert(1)> [click](https://evil.example) <!-- shakedown:other -->',
      message: '</details> @acme/security-team **bold**',
    });
    const { checkRun, comment } = await report(run);
    for (const body of [checkRun.output.summary!, comment!.body]) {
      expect(body).not.toMatch(/(^|[^\w`])@octocat\b/);
      expect(body).not.toMatch(/(^|[^\w`])@acme\/security-team/);
      expect(body).not.toContain('<img');
      expect(body).not.toContain('](https://evil.example)');
      expect(body).not.toContain('<!-- shakedown:other -->');
    }
    // The one real marker is ours, at the start.
    expect(comment!.body.startsWith('<!-- shakedown:shop-api -->')).toBe(true);
  });
});
