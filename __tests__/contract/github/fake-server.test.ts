// The fake GitHub must refuse what GitHub refuses, or the contract tests prove nothing.
import { GitHubFakeServer } from '../../support/github-fake-server.js';

let fake: GitHubFakeServer;

beforeEach(async () => {
  fake = await GitHubFakeServer.start();
});
afterEach(async () => {
  await fake.close();
});

async function call(method: string, path: string, body?: unknown, token = fake.token) {
  const res = await fetch(fake.url + path, {
    method,
    headers: { authorization: `token ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- GitHub's JSON, read loosely
  return { status: res.status, link: res.headers.get('link'), json: (await res.json()) as any };
}

const checkRuns = '/repos/acme/shop/check-runs';

describe('fake GitHub API', () => {
  it('creates a check run and answers with a documented, consistent object', async () => {
    const res = await call('POST', checkRuns, {
      name: 'shakedown / smoke',
      head_sha: 'a'.repeat(40),
      status: 'in_progress',
    });
    expect(res.status).toBe(201);
    expect(res.json.html_url).toBe(`https://github.com/acme/shop/runs/${res.json.id}`);
    expect(res.json.status).toBe('in_progress');
    expect(fake.violations).toEqual([]);
    expect(fake.calls('checks/create')).toHaveLength(1);
  });

  it('refuses a body the OpenAPI description refuses, and records it', async () => {
    const res = await call('POST', checkRuns, { name: 'x', head_sha: 'a', status: 'running' });
    expect(res.status).toBe(422);
    expect(fake.violations.join('\n')).toMatch(/status must be equal to one of the allowed values/);
  });

  it('refuses a completed check run without a conclusion', async () => {
    const created = await call('POST', checkRuns, { name: 'x', head_sha: 'a'.repeat(40) });
    const res = await call('PATCH', `${checkRuns}/${created.json.id}`, { status: 'completed' });
    expect(res.status).toBe(422);
  });

  it('counts summary bytes, not characters, like GitHub', async () => {
    const summary = 'é'.repeat(40000); // 40000 characters, 80000 bytes
    const res = await call('POST', checkRuns, {
      name: 'x',
      head_sha: 'a'.repeat(40),
      output: { title: 't', summary },
    });
    expect(res.status).toBe(422);
    expect(res.json.message).toMatch(/maximum bytesize of 65535/);
  });

  it('refuses more than 50 annotations in one request', async () => {
    const annotation = {
      path: 'a',
      start_line: 1,
      end_line: 1,
      annotation_level: 'failure',
      message: 'm',
    };
    const res = await call('POST', checkRuns, {
      name: 'x',
      head_sha: 'a'.repeat(40),
      output: { title: 't', summary: 's', annotations: Array(51).fill(annotation) },
    });
    expect(res.status).toBe(422);
  });

  it('answers 404 for a route GitHub does not have', async () => {
    const res = await call('POST', '/repos/acme/shop/check-run', {});
    expect(res.status).toBe(404);
    expect(fake.violations[0]).toMatch(/no such operation/);
  });

  it('answers 401 to a wrong token and 403 to writes with a read-only token', async () => {
    expect(
      (await call('GET', '/repos/acme/shop/issues/1/comments', undefined, 'nope')).status,
    ).toBe(401);
    fake.readOnly = true;
    const res = await call('POST', '/repos/acme/shop/issues/1/comments', { body: 'hi' });
    expect(res.status).toBe(403);
    expect(res.json.message).toBe('Resource not accessible by integration');
  });

  it('paginates comments with Link headers that use the repository id, like GitHub', async () => {
    for (let i = 0; i < 65; i++) fake.state.seedComment(7, `comment ${i}`);
    const first = await call('GET', '/repos/acme/shop/issues/7/comments');
    expect(first.json).toHaveLength(30);
    const next = /<([^>]+)>; rel="next"/.exec(first.link ?? '')![1]!;
    expect(next).toBe(`${fake.url}/repositories/1296269/issues/7/comments?page=2`);
    const last = await call('GET', new URL(next).pathname + '?page=3');
    expect(last.json.map((c: { body: string }) => c.body)).toEqual(
      Array.from({ length: 5 }, (_, i) => `comment ${60 + i}`),
    );
    expect(last.link).not.toMatch(/rel="next"/);
    expect(fake.violations).toEqual([]);
  });

  it('refuses a comment body over 65536 characters', async () => {
    const res = await call('POST', '/repos/acme/shop/issues/7/comments', {
      body: 'x'.repeat(65537),
    });
    expect(res.status).toBe(422);
    expect(res.json.errors[0].message).toMatch(/Body is too long/);
    const ok = await call('POST', '/repos/acme/shop/issues/7/comments', {
      body: 'x'.repeat(65536),
    });
    expect(ok.status).toBe(201);
    expect(ok.json.html_url).toBe(`https://github.com/acme/shop/pull/7#issuecomment-${ok.json.id}`);
  });
});
