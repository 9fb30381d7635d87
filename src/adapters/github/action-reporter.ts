// Builds the GitHub reporter the way the action uses it: context from the runner's variables,
// the API client from the token, annotations only for files that exist in the checkout.
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { Reporter, RunReport } from '../../ports/reporter.js';
import type { CommentMode } from './comment-mode.js';
import { createGitHubApi } from './github-api.js';
import { readGitHubContext } from './github-context.js';
import { GitHubReporter, type ReporterLog } from './github-reporter.js';
import { coreRendering } from './core-rendering.js';

export interface ActionReporterOptions {
  env: Record<string, string | undefined>;
  token: string;
  checkName: string;
  comment: CommentMode;
  /** Report-only mode: the event of the run that produced the results, and link to that run. */
  eventFile?: string;
  reportOnly: boolean;
  /** The checkout, where annotated files must exist. */
  workspace: string;
  log: ReporterLog;
}

export function createActionReporter(options: ActionReporterOptions): Reporter {
  const { env, token, log, workspace } = options;
  if (!token) {
    log.warning(
      'No github-token and no GITHUB_TOKEN: no check run or pull request comment is posted.',
    );
    return { start: async (): Promise<RunReport> => ({ finish: async () => ({}) }) };
  }
  const context = readGitHubContext(env, options.eventFile);
  // Only files inside the checkout: a test report must not make us probe the runner's disk.
  const fileExists = (path: string): boolean => {
    const absolute = resolve(workspace, path);
    const inside = relative(workspace, absolute);
    return !inside.startsWith('..') && !isAbsolute(inside) && existsSync(absolute);
  };
  return new GitHubReporter({
    api: createGitHubApi(token, context),
    context,
    rendering: coreRendering({ context, fileExists }),
    log,
    checkName: options.checkName,
    comment: options.comment,
    detailsUrl: options.reportOnly ? context.runUrl : undefined,
    now: () => new Date().toISOString(),
  });
}
