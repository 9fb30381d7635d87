// What the GitHub reporter shows, as pure functions of the run: the markdown and annotations come
// from the report core (src/core/report); this file only binds them to what GitHub needs (byte
// and character budgets, batches of annotations, the conclusion names).
import type { RunResult, RunStatus } from '../../core/results/model.js';
import type { RunStart } from '../../ports/reporter.js';
import type { Annotation, Conclusion } from './github-api.js';

export interface CheckSummaryOptions {
  maxBytes: number;
  /** Failures that got no annotation (over the cap, or no file in the repository). */
  omittedAnnotations: number;
  jobUrl?: string;
}

export interface GitHubRendering {
  runningTitle(run: RunStart): string;
  runningSummary(run: RunStart): string;
  conclusion(status: RunStatus): Conclusion;
  checkTitle(run: RunResult): string;
  checkSummary(run: RunResult, options: CheckSummaryOptions): string;
  /** The hidden marker that identifies the workflow's sticky comment. */
  commentMarker(workflow: string): string;
  /** The comment body, containing the marker, within maxChars characters. */
  comment(run: RunResult, options: { maxChars: number; marker: string }): string;
  /** Annotations for failed tests, cut into batches of `perRequest`. */
  annotations(run: RunResult, perRequest: number): { batches: Annotation[][]; omitted: number };
}
