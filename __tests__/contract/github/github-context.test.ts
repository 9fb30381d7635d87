import { readGitHubContext } from '../../../src/adapters/github/github-context.js';
import { writeEvent } from './reporter-setup.js';

const env = (event: object, extra: Record<string, string> = {}) => ({
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_EVENT_PATH: writeEvent(event),
  GITHUB_SHA: 'merge',
  GITHUB_RUN_ID: '77',
  GITHUB_RUN_ATTEMPT: '2',
  ...extra,
});

const pr = (headRepo: string) => ({
  pull_request: {
    number: 5,
    head: { sha: 'head', repo: { full_name: headRepo } },
    base: { repo: { full_name: 'acme/shop' } },
  },
});

describe('readGitHubContext', () => {
  it('attaches to the head commit of a pull request and links this run attempt', () => {
    expect(readGitHubContext(env(pr('acme/shop')))).toMatchObject({
      owner: 'acme',
      repo: 'shop',
      apiUrl: 'https://api.github.com',
      serverUrl: 'https://github.com',
      headSha: 'head',
      pullNumber: 5,
      fromFork: false,
      runId: 77,
      runAttempt: 2,
      runUrl: 'https://github.com/acme/shop/actions/runs/77/attempts/2',
    });
  });

  it('knows a pull request from a fork', () => {
    expect(readGitHubContext(env(pr('outsider/shop'))).fromFork).toBe(true);
  });

  it('uses GITHUB_SHA and no PR for a push', () => {
    expect(readGitHubContext(env({ ref: 'refs/heads/main' }))).toMatchObject({
      headSha: 'merge',
      pullNumber: undefined,
    });
  });

  it('report-only: takes PR and commit from the uploaded event, and links the run that tested', () => {
    const own = {
      workflow_run: {
        html_url: 'https://github.com/acme/shop/actions/runs/55',
        head_sha: 'head',
        pull_requests: [],
      },
    };
    const context = readGitHubContext(env(own), writeEvent(pr('outsider/shop')));
    expect(context).toMatchObject({
      headSha: 'head',
      pullNumber: 5,
      runUrl: 'https://github.com/acme/shop/actions/runs/55',
    });
  });

  it('report-only without an event file: a same-repo workflow_run names its PR', () => {
    const own = {
      workflow_run: {
        html_url: 'https://github.com/acme/shop/actions/runs/55',
        head_sha: 'head2',
        head_repository: { full_name: 'acme/shop' },
        pull_requests: [{ number: 9, head: { sha: 'head2' } }],
      },
    };
    expect(readGitHubContext(env(own))).toMatchObject({
      headSha: 'head2',
      pullNumber: 9,
      fromFork: false,
    });
  });

  it('names a bad GITHUB_REPOSITORY and an unreadable event file', () => {
    expect(() => readGitHubContext({ GITHUB_REPOSITORY: 'shop' })).toThrow(
      "GITHUB_REPOSITORY is 'shop'. Expected {owner}/{repo}",
    );
    expect(() =>
      readGitHubContext({ GITHUB_REPOSITORY: 'a/b', GITHUB_EVENT_PATH: '/nonexistent/event.json' }),
    ).toThrow("Cannot read the event payload '/nonexistent/event.json'");
  });
});
