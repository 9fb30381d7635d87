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

function api(token = fake.token): GitLabApi {
  return new GitLabApi({ apiUrl: fake.apiUrl, projectId: fake.projectId, token });
}

describe('GitLabApi against the documented API', () => {
  it('lists every note across pages, oldest first', async () => {
    for (let i = 0; i < 230; i++) fake.addNote(7, `note ${i}`);
    const bodies: string[] = [];
    for await (const note of api().listNotes(7)) bodies.push(note.body);
    expect(bodies).toHaveLength(230);
    expect(bodies[0]).toBe('note 0');
    expect(bodies[229]).toBe('note 229');
    const pages = fake.requests.filter((r) => r.method === 'GET').map((r) => r.query.page);
    expect(pages).toEqual(['1', '2', '3']);
    expect(fake.requests.every((r) => r.headers['private-token'] === fake.token)).toBe(true);
  });

  it('creates and updates a note with a JSON body', async () => {
    const created = await api().createNote(7, 'first');
    const updated = await api().updateNote(7, created.id, 'second');
    expect(updated.id).toBe(created.id);
    expect(fake.notes.find((n) => n.id === created.id)?.body).toBe('second');
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `POST /api/v4/projects/42/merge_requests/7/notes`,
      `PUT /api/v4/projects/42/merge_requests/7/notes/${created.id}`,
    ]);
  });

  it('sets a commit status with name, description and link', async () => {
    await api().setCommitStatus({
      sha: 'a'.repeat(40),
      state: 'running',
      name: 'shakedown: api',
      ref: 'feature',
      targetUrl: 'https://gitlab.example/acme/shop/-/jobs/9',
      description: 'running',
      pipelineId: 5,
    });
    expect(fake.statuses).toEqual([
      expect.objectContaining({
        status: 'running',
        name: 'shakedown: api',
        target_url: 'https://gitlab.example/acme/shop/-/jobs/9',
      }),
    ]);
  });

  it('reports a refused token as a permission error with GitLab’s message', async () => {
    const error = await api('wrong')
      .createNote(7, 'x')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitLabApiError);
    expect((error as GitLabApiError).isPermission).toBe(true);
    expect((error as GitLabApiError).message).toContain('401 Unauthorized');
    fake.violations.length = 0;
  });

  it('accepts a project path as the project id', async () => {
    const byPath = new GitLabApi({
      apiUrl: fake.apiUrl,
      projectId: 'acme/shop',
      token: fake.token,
    });
    await byPath.createNote(7, 'hello');
    expect(fake.requests[0]?.path).toBe('/api/v4/projects/acme%2Fshop/merge_requests/7/notes');
  });
});
