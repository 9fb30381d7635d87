import { readGitLabContext } from '../../../src/adapters/gitlab/gitlab-context.js';

const base = {
  CI_SERVER_URL: 'https://gitlab.example.com/',
  CI_PROJECT_ID: '42',
  CI_PROJECT_PATH: 'acme/shop',
  CI_COMMIT_SHA: 'abc123',
};

describe('readGitLabContext', () => {
  it('derives the API and project URLs when GitLab does not set them', () => {
    const context = readGitLabContext(base);
    expect(context).toMatchObject({
      apiUrl: 'https://gitlab.example.com/api/v4',
      serverUrl: 'https://gitlab.example.com',
      projectUrl: 'https://gitlab.example.com/acme/shop',
      mergeRequest: undefined,
      fromFork: false,
    });
  });

  it('reads the job, pipeline and merge request of a merge request pipeline', () => {
    const context = readGitLabContext({
      ...base,
      CI_API_V4_URL: 'https://api.example.com/api/v4',
      CI_PIPELINE_ID: '555',
      CI_JOB_URL: 'https://gitlab.example.com/acme/shop/-/jobs/9',
      CI_JOB_TOKEN: 'job-token',
      CI_COMMIT_REF_NAME: 'feature',
      CI_MERGE_REQUEST_IID: '7',
      CI_MERGE_REQUEST_PROJECT_ID: '42',
      CI_MERGE_REQUEST_SOURCE_PROJECT_ID: '42',
      CI_MERGE_REQUEST_PROJECT_URL: 'https://gitlab.example.com/acme/shop',
    });
    expect(context).toMatchObject({
      apiUrl: 'https://api.example.com/api/v4',
      pipelineId: 555,
      ref: 'feature',
      jobToken: 'job-token',
      mergeRequest: {
        project: '42',
        iid: 7,
        webUrl: 'https://gitlab.example.com/acme/shop/-/merge_requests/7',
      },
      fromFork: false,
    });
  });

  it('sends the note of a fork’s merge request to the upstream project', () => {
    const context = readGitLabContext({
      ...base,
      CI_MERGE_REQUEST_IID: '3',
      CI_MERGE_REQUEST_PROJECT_ID: '7',
      CI_MERGE_REQUEST_SOURCE_PROJECT_ID: '42',
      CI_MERGE_REQUEST_PROJECT_URL: 'https://gitlab.example.com/upstream/shop',
    });
    expect(context.mergeRequest).toEqual({
      project: '7',
      iid: 3,
      webUrl: 'https://gitlab.example.com/upstream/shop/-/merge_requests/3',
    });
    expect(context.fromFork).toBe(true);
    expect(context.projectId).toBe('42');
  });

  it('prefers an open merge request of this project in a branch pipeline', () => {
    const context = readGitLabContext({
      ...base,
      CI_OPEN_MERGE_REQUESTS: 'upstream/shop!12, acme/shop!5',
    });
    expect(context.mergeRequest).toEqual({
      project: '42',
      iid: 5,
      webUrl: 'https://gitlab.example.com/acme/shop/-/merge_requests/5',
    });
    const other = readGitLabContext({ ...base, CI_OPEN_MERGE_REQUESTS: 'upstream/shop!12' });
    expect(other.mergeRequest).toMatchObject({ project: 'upstream/shop', iid: 12 });
  });

  it('names the missing variable outside GitLab CI', () => {
    expect(() => readGitLabContext({ ...base, CI_COMMIT_SHA: '' })).toThrow(
      /CI_COMMIT_SHA is not set\. Expected the predefined variables of a GitLab CI job/,
    );
  });
});
