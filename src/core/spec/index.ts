// The spec reader's public API: load and validate TestWorkflow files, resolve templates, and
// report problems with file:line:col.
export { loadWorkflows, type DocumentSummary, type LoadResult } from './load.js';
export { diagnosticAt, type LoadedWorkflow } from './loaded-workflow.js';
export {
  compareDiagnostics,
  formatDiagnostic,
  sortDiagnostics,
  type Diagnostic,
  type SourcePosition,
} from './diagnostics.js';
export { formatNotice, workflowNotices, type Notice } from './notices.js';
export { formatPath, parsePath, type Segment } from './field-path.js';
export { MAX_FILE_CHARS } from './parse.js';
export * from './types.js';
export type { InputFile } from '../../ports/file-source.js';
