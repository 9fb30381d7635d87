// The report core: pure renderers of a RunResult for each platform, within its size limit.
export {
  renderCheckSummary,
  renderComment,
  renderJobSummary,
  fitCheckSummary,
  fitComment,
  fitJobSummary,
  commentMarker,
  checkTitle,
  CHECK_SUMMARY_LIMIT_BYTES,
  GITHUB_COMMENT_LIMIT_CHARS,
  GITLAB_NOTE_LIMIT_CHARS,
  JOB_SUMMARY_LIMIT_BYTES,
} from './renderers.js';
export {
  commentModes,
  decideComment,
  outcomeMarker,
  outcomeOf,
  recordedOutcome,
  withOutcome,
  type CommentAction,
  type CommentMode,
} from './comment-mode.js';
export { fitReport, type DetailLevel, type FittedReport, type FitOptions } from './fit-report.js';
export type { ReportOptions } from './options.js';
export {
  buildAnnotations,
  repositoryPath,
  type AnnotationOptions,
  type AnnotationBatches,
  type CheckAnnotation,
} from './annotations.js';
export {
  checkConclusion,
  commitStatusState,
  type CheckConclusion,
  type CommitState,
} from './conclusion.js';
export { truncateMarkdown, closers, fits, type Budget } from './budget.js';
export {
  escapeText,
  code,
  link,
  codeFence,
  details,
  table,
  ellipsis,
  cutToSize,
  measure,
  formatDuration,
  plural,
  type SizeUnit,
} from './markdown.js';
