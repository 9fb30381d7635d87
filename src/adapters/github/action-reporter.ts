// Builds the GitHub reporter the way the action uses it: context from the runner's variables,
// the API client from the token, annotations only for files that exist in the checkout.
import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import type { CommentMode } from '../../core/report/index.js';
import type { Reporter, RunReport } from '../../ports/reporter.js';
import { createGitHubApi } from './github-api.js';
import type { Masker } from '../../core/secrets/masker.js';
import { readGitHubContext } from './github-context.js';
import { GitHubReporter, type ReporterLog } from './github-reporter.js';
import { coreRendering } from './core-rendering.js';

/** The action settings the reporter uses (ActionSettings has them all). */
export interface ActionReporterSettings {
  githubToken: string;
  checkName: string;
  comment: CommentMode;
  /** Report-only mode: the event of the run that produced the results. */
  eventFile?: string;
  /** Set in report-only mode, where the check run links to the run that tested. */
  resultsFile?: string;
  workingDirectory: string;
}

export function createActionReporter(
  settings: ActionReporterSettings,
  env: Record<string, string | undefined>,
  log: ReporterLog,
  masker?: Masker,
): Reporter {
  if (!settings.githubToken) {
    log.warning(
      'No github-token and no GITHUB_TOKEN: no check run or pull request comment is posted.',
    );
    return { start: async (): Promise<RunReport> => ({ finish: async () => ({}) }) };
  }
  const context = readGitHubContext(env, settings.eventFile);
  // Annotated paths are relative to the repository root: the checkout.
  const workspace = env.GITHUB_WORKSPACE ?? settings.workingDirectory;
  // Only files inside the checkout: a test report must not make us probe the runner's disk.
  const fileExists = (path: string): boolean => {
    const absolute = resolve(workspace, path);
    const inside = relative(workspace, absolute);
    return !inside.startsWith('..') && !isAbsolute(inside) && existsSync(absolute);
  };
  return new GitHubReporter({
    api: createGitHubApi(settings.githubToken, context, { masker }),
    context,
    rendering: coreRendering({ context, fileExists }),
    log,
    checkName: settings.checkName,
    comment: settings.comment,
    detailsUrl: settings.resultsFile !== undefined ? context.runUrl : undefined,
    now: () => new Date().toISOString(),
  });
}
