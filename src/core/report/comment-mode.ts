// When the sticky comment (a GitHub PR comment, a GitLab MR note) is written. The decision is
// pure so every mode is tested without a server; the outcome of the last report rides along in
// the comment as a hidden line, which is how `changes` knows whether anything changed since.
import type { RunResult } from '../results/model.js';

export type CommentMode = 'always' | 'failures' | 'changes' | 'off';

export const commentModes: readonly CommentMode[] = ['always', 'failures', 'changes', 'off'];

export type CommentAction = 'create' | 'update' | 'skip';

/** Status and counts: what `changes` compares. Durations and links change every run. */
export function outcomeOf(run: RunResult): string {
  const t = run.tests;
  return `${run.status} total=${t.total} passed=${t.passed} failed=${t.failed} skipped=${t.skipped} errors=${t.errors}`;
}

const outcomeLine = /<!-- shakedown-outcome: (.*?) -->/;

/** The hidden line that records an outcome in a comment body. */
export function outcomeMarker(outcome: string): string {
  return `<!-- shakedown-outcome: ${outcome} -->`;
}

/**
 * A comment body that records the run's outcome on a last hidden line, within `limit`
 * characters: `render` gets the room the line leaves.
 */
export function withOutcome(
  run: RunResult,
  limit: number,
  render: (limit: number) => string,
): string {
  const line = `\n${outcomeMarker(outcomeOf(run))}\n`;
  return render(limit - line.length) + line;
}

/** The outcome recorded in an earlier comment, if it has one. */
export function recordedOutcome(body: string): string | undefined {
  return outcomeLine.exec(body)?.[1];
}

/**
 * - always: create the comment, or update it in place.
 * - failures: create it only for a run that did not pass, but keep an existing one up to date, so
 *   a fixed PR does not keep showing an old failure.
 * - changes: like failures, but leave an existing comment alone while the outcome is the same.
 * - off: never comment.
 */
export function decideComment(
  mode: CommentMode,
  run: RunResult,
  existingBody: string | undefined,
): CommentAction {
  const failed = run.status !== 'passed';
  switch (mode) {
    case 'off':
      return 'skip';
    case 'always':
      return existingBody === undefined ? 'create' : 'update';
    case 'failures':
      if (existingBody !== undefined) return 'update';
      return failed ? 'create' : 'skip';
    case 'changes':
      if (existingBody !== undefined) {
        return recordedOutcome(existingBody) === outcomeOf(run) ? 'skip' : 'update';
      }
      return failed ? 'create' : 'skip';
  }
}
