// Octokit's retry and throttling plugins as wired in createGitHubApi: a 5xx is tried again, a
// rate limit waits for its Retry-After, and a failure that persists ends with its status.
import { createGitHubApi, GitHubApiError } from '../../../src/adapters/github/github-api.js';
import type { GitHubFakeServer } from '../../support/github-fake-server.js';
import { FAST_RETRY, HEAD_SHA, useFakeGitHub } from './reporter-setup.js';

let fake: GitHubFakeServer;
useFakeGitHub((server) => (fake = server));

const api = () =>
  createGitHubApi(
    fake.token,
    { owner: 'acme', repo: 'shop', apiUrl: fake.url },
    {
      tuning: FAST_RETRY,
    },
  );

describe('GitHub calls under a misbehaving API', () => {
  it('retries a 502 and a 503, then succeeds', async () => {
    fake.failNext('checks/create', 502, 'Server Error');
    fake.failNext('checks/create', 503, 'Unavailable');
    const posted = await api().createCheckRun(HEAD_SHA, { name: 'Shakedown (x)' });
    expect(posted.id).toBeGreaterThan(0);
    expect(fake.calls('checks/create').map((c) => c.status)).toEqual([502, 503, 201]);
  });

  it('waits out a 429 for its Retry-After before trying again', async () => {
    fake.failNext('checks/create', 429, 'API rate limit exceeded', 1, { 'retry-after': '1' });
    const started = Date.now();
    await api().createCheckRun(HEAD_SHA, { name: 'Shakedown (x)' });
    // The throttling plugin waits Retry-After × its base unit (5 ms here).
    expect(fake.calls('checks/create').map((c) => c.status)).toEqual([429, 201]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(5);
  });

  it('ends a persistent 5xx with its status after the retries', async () => {
    fake.failNext('checks/create', 500, 'Internal Server Error', 10);
    const failure = await api()
      .createCheckRun(HEAD_SHA, { name: 'Shakedown (x)' })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GitHubApiError);
    expect((failure as GitHubApiError).message).toBe('500 Internal Server Error');
    expect(fake.calls('checks/create')).toHaveLength(4);
  });

  it('does not retry a 403 and reports it as a permission problem', async () => {
    fake.readOnly = true;
    const failure = (await api()
      .createCheckRun(HEAD_SHA, { name: 'Shakedown (x)' })
      .catch((e: unknown) => e)) as GitHubApiError;
    expect(failure.status).toBe(403);
    expect(failure.isPermission).toBe(true);
    expect(fake.calls('checks/create')).toHaveLength(1);
  });
});
