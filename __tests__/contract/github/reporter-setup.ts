// Wiring for the reporter contract tests: a pull_request event file, the runner's variables
// pointing at the fake GitHub, and a GitHubReporter built from them as the action builds it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitHubApi } from '../../../src/adapters/github/github-api.js';

import { readGitHubContext } from '../../../src/adapters/github/github-context.js';
import {
  GitHubReporter,
  type GitHubReporterOptions,
} from '../../../src/adapters/github/github-reporter.js';
import { GitHubFakeServer } from '../../support/github-fake-server.js';
import { coreRendering } from '../../../src/adapters/github/core-rendering.js';

/** Octokit's retries as in production, with millisecond delays and no request spacing. */
export const FAST_RETRY = { retries: 3, baseMs: 5, rateLimitRetries: 2, spacing: false };

export const HEAD_SHA = 'c0ffee0c0ffee0c0ffee0c0ffee0c0ffee0c0ffe';
export const MERGE_SHA = 'feedbeeffeedbeeffeedbeeffeedbeeffeedbeef';
export const PR = 42;
export const RUN_ID = 9876543210;

export function pullRequestEvent(fake: GitHubFakeServer, options: { fork?: boolean } = {}): object {
  const base = `${fake.owner}/${fake.repo}`;
  return {
    action: 'synchronize',
    number: PR,
    pull_request: {
      number: PR,
      head: {
        sha: HEAD_SHA,
        ref: 'feature',
        repo: { full_name: options.fork ? 'outsider/shop' : base },
      },
      base: { sha: MERGE_SHA, ref: 'main', repo: { full_name: base } },
    },
    repository: { full_name: base, name: fake.repo, owner: { login: fake.owner } },
  };
}

export function writeEvent(payload: object): string {
  const file = join(mkdtempSync(join(tmpdir(), 'sd-event-')), 'event.json');
  writeFileSync(file, JSON.stringify(payload));
  return file;
}

/** The variables the runner sets for a job on a pull_request event. */
export function runnerEnv(fake: GitHubFakeServer, eventPath: string): Record<string, string> {
  return {
    ...fake.env(),
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SHA: MERGE_SHA,
    GITHUB_REF: `refs/pull/${PR}/merge`,
    GITHUB_RUN_ID: String(RUN_ID),
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'integration',
    RUNNER_NAME: 'GitHub Actions 17',
  };
}

export interface Logged {
  warnings: string[];
  debug: string[];
}

export function reporterFor(
  fake: GitHubFakeServer,
  overrides: Partial<GitHubReporterOptions> & { fork?: boolean; env?: Record<string, string> } = {},
): { reporter: GitHubReporter; logged: Logged } {
  const env = overrides.env ?? runnerEnv(fake, writeEvent(pullRequestEvent(fake, overrides)));
  const context = readGitHubContext(env);
  const logged: Logged = { warnings: [], debug: [] };
  const reporter = new GitHubReporter({
    api: createGitHubApi(env.GITHUB_TOKEN!, context, { tuning: FAST_RETRY }),
    context,
    // Test files under src/ are in the repository; anything else is not.
    rendering: coreRendering({ context, fileExists: (path) => path.startsWith('src/') }),
    log: {
      info: () => undefined,
      warning: (m) => void logged.warnings.push(m),
      debug: (m) => void logged.debug.push(m),
    },
    checkName: 'Shakedown',
    comment: 'always',
    now: () => '2025-06-02T10:05:00Z',
    ...overrides,
  });
  return { reporter, logged };
}

/**
 * A fresh fake GitHub for each test, handed to `use`; the test fails on any request GitHub would
 * have refused (the fake records them as violations).
 */
export function useFakeGitHub(use: (fake: GitHubFakeServer) => void): void {
  let current: GitHubFakeServer | undefined;
  beforeEach(async () => {
    current = await GitHubFakeServer.start();
    use(current);
  });
  afterEach(async () => {
    await current!.close();
    expect(current!.violations).toEqual([]);
  });
}
