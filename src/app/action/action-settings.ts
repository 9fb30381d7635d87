// The action's inputs, validated and typed. Built only by input-helper.ts; everything after it
// works with these values, never with raw INPUT_* strings.
import type { CommentMode } from '../../core/report/index.js';
import type { RunSettings } from '../ci/run-settings.js';

/** What to run (workflows relative to `workingDirectory`), then how to report it. */
export interface ActionSettings extends RunSettings {
  /** Token for check runs and comments; the workflow's GITHUB_TOKEN by default. */
  githubToken: string;
  /** Check run name; each workflow's check run is named `<checkName> (<workflow>)`. */
  checkName: string;
  comment: CommentMode;
  /** Write the job summary. */
  summary: boolean;
  /** Absolute directory that relative paths are resolved from. */
  workingDirectory: string;
  /** Report-only mode: post the results of this results.json instead of running anything. */
  resultsFile?: string;
  /** Event payload of the run the results belong to (report-only); GITHUB_EVENT_PATH by default. */
  eventFile?: string;
}
