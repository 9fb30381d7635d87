// One PR comment per workflow, found again by its hidden marker and edited in place, so a PR
// that is pushed to twenty times still has one Shakedown comment per workflow, not twenty.
import type { GitHubApi, IssueComment } from './github-api.js';

export interface StickyCommentResult {
  action: 'created' | 'updated' | 'skipped';
  /** The comment's page: the new or updated one, or the existing one left as it was. */
  url?: string;
}

/** The first comment carrying the marker (pages are followed: busy PRs have hundreds). */
export async function findStickyComment(
  api: GitHubApi,
  issue: number,
  marker: string,
): Promise<IssueComment | undefined> {
  for await (const comment of api.listComments(issue)) {
    if (comment.body.includes(marker)) return comment;
  }
  return undefined;
}

export async function writeStickyComment(
  api: GitHubApi,
  issue: number,
  existing: IssueComment | undefined,
  action: 'create' | 'update' | 'skip',
  body: string,
): Promise<StickyCommentResult> {
  if (action === 'skip') return { action: 'skipped', url: existing?.htmlUrl };
  if (action === 'update' && existing) {
    const updated = await api.updateComment(existing.id, body);
    return { action: 'updated', url: updated.htmlUrl };
  }
  const created = await api.createComment(issue, body);
  return { action: 'created', url: created.htmlUrl };
}
