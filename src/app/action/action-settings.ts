// The action's inputs, validated and typed. Built only by input-helper.ts; everything after it
// works with these values, never with raw INPUT_* strings.
import type { CommentMode } from '../../core/report/index.js';

export type KeepNamespace = 'never' | 'on-failure' | 'always';

export interface ActionSettings {
  /** Workflow files, directories or globs, relative to `workingDirectory`. */
  workflows: string[];
  /** Only the workflows with these metadata.name values; empty means all that were found. */
  names: string[];
  /** Kubeconfig as given: YAML, base64 of it, or a file path; undefined uses KUBECONFIG or ~/.kube/config. */
  kubeconfig?: string;
  /** Kubeconfig context; undefined uses the current context. */
  context?: string;
  /** Run in this existing namespace instead of a fresh one per run. */
  namespace?: string;
  /** Manifests of the app under test: files, directories or globs. */
  manifests: string[];
  /** Config values given as key=value lines, in the order given. */
  config: Record<string, string>;
  /** Overall timeout as a duration string (e.g. 30m); undefined keeps the workflow's own. */
  timeout?: string;
  keepNamespace: KeepNamespace;
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
