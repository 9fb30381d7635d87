// GitLab calls through a flaky front: 429 and 5xx answers are scripted in front of the fake
// GitLab, the rest reaches it. Retries honour Retry-After, never post a note twice, and a
// failure that persists names its status and the attempts.
import { GitLabApi, GitLabApiError } from '../../../src/adapters/gitlab/gitlab-api.js';
import { GitLabFakeServer } from '../../support/gitlab-fake-server.js';

let fake: GitLabFakeServer;
beforeEach(async () => {
  fake = await GitLabFakeServer.start({ mergeRequests: [7] });
});
afterEach(async () => {
  expect(fake.violations).toEqual([]);
  await fake.close();
});

const FAST = { attempts: 4, baseDelayMs: 5, maxDelayMs: 10, maxRetryAfterMs: 2000 };

/** A fetch that answers the first scripted calls itself and passes the rest on. */
function flakyFetch(script: Response[]): { fetch: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    fetch: (input, init) => {
      calls.push(`${init?.method ?? 'GET'} ${String(input)}`);
      const scripted = script.shift();
      return scripted ? Promise.resolve(scripted) : fetch(input, init);
    },
  };
}

const api = (fetcher: typeof fetch) =>
  new GitLabApi({
    apiUrl: fake.apiUrl,
    projectId: fake.projectId,
    token: fake.token,
    fetch: fetcher,
    retry: FAST,
  });

describe('GitLabApi under a misbehaving API', () => {
  it('waits for Retry-After after a 429, then posts the note once', async () => {
    const front = flakyFetch([
      new Response('slow down', { status: 429, headers: { 'retry-after': '1' } }),
    ]);
    const started = Date.now();
    await api(front.fetch).createNote(7, 'hello');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(front.calls).toHaveLength(2);
    expect(fake.notes.map((n) => n.body)).toEqual(['hello']);
  });

  it('retries a commit status and a listing through 502 and 503', async () => {
    const front = flakyFetch([
      new Response('bad gateway', { status: 502 }),
      new Response('unavailable', { status: 503 }),
    ]);
    await api(front.fetch).setCommitStatus({ sha: 'a'.repeat(40), state: 'running', name: 'x' });
    expect(front.calls).toHaveLength(3);
    expect(fake.statuses).toHaveLength(1);
  });

  it('does not repeat a note after a 502: it may have been posted', async () => {
    const front = flakyFetch([new Response('bad gateway', { status: 502 })]);
    const failure = await api(front.fetch)
      .createNote(7, 'hello')
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GitLabApiError);
    expect(front.calls).toHaveLength(1);
  });

  it('ends a persistent failure with its status, the attempts and an excerpt of the page', async () => {
    const page = `<html><head><title>503 Service Temporarily Unavailable</title></head><body>${'<p>x</p>'.repeat(30_000)}</body></html>`;
    const front = flakyFetch(Array.from({ length: 4 }, () => new Response(page, { status: 503 })));
    const failure = (await api(front.fetch)
      .setCommitStatus({ sha: 'a'.repeat(40), state: 'running', name: 'x' })
      .catch((e: unknown) => e)) as GitLabApiError;
    expect(failure.status).toBe(503);
    expect(failure.message).toMatch(
      /^POST \/statuses\/a+: 503 503 Service Temporarily Unavailable x x .*\[HTML page, \d+ KB in all\] \(4 attempts\)$/,
    );
    expect(failure.message.length).toBeLessThan(500);
  });
});
