// What the GitHub reporter shows, as pure functions of the run. The production binding is
// core-rendering.ts (the report core's renderers); the reporter depends only on this shape, so
// its HTTP behaviour is tested apart from how reports read.
import type { RunResult, RunStatus } from '../../core/results/model.js';
import type { RunStart } from '../../ports/reporter.js';
import type { Annotation, Conclusion } from './github-api.js';

export interface GitHubRendering {
  runningTitle(run: RunStart): string;
  runningSummary(run: RunStart, links: { jobUrl?: string }): string;
  conclusion(status: RunStatus): Conclusion;
  checkTitle(run: RunResult): string;
  /** output.summary within maxBytes; `notes` are plain sentences shown under the header. */
  checkSummary(
    run: RunResult,
    options: { maxBytes: number; notes: string[]; fullResultsUrl?: string },
  ): string;
  /** The hidden marker that finds the workflow's sticky comment again. */
  commentMarker(workflow: string): string;
  /** The comment body, starting with the marker, within maxChars characters. */
  comment(run: RunResult, options: { maxChars: number; fullResultsUrl?: string }): string;
  /** Annotations for failed tests in batches of `perRequest`, and a note on those left out. */
  annotations(run: RunResult, perRequest: number): { batches: Annotation[][]; note?: string };
}
