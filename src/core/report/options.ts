// What a caller can tell the renderers beyond the run itself. The size limit's unit is fixed
// by each renderer (bytes for check runs and job summaries, characters for comments and notes).

export interface ReportOptions {
  /** Heading of the report; the workflow name by default. */
  title?: string;
  /**
   * Whether a path relative to the repository root is a file of the repository. With it, a
   * test's file is shown as its repository path (found as buildAnnotations finds it).
   */
  fileExists?: (path: string) => boolean;
  /**
   * A URL for a file and line (e.g. a blob URL at the head commit), given the repository path
   * when fileExists found one, else the file as the report named it. Undefined: plain text.
   */
  fileUrl?: (path: string, line?: number) => string | undefined;
  /** Plain-text notes shown under the header (escaped), e.g. from buildAnnotations. */
  notes?: string[];
  /** UTF-8 bytes of failure details shown per failed test; 2000 by default. */
  maxDetailBytes?: number;
  /** Where the complete results are (job, artifacts), linked when a report was shortened. */
  fullResultsUrl?: string;
  /** Size limit, overriding the renderer's platform limit (unit fixed by the renderer). */
  limit?: number;
}

export const DEFAULT_DETAIL_BYTES = 2000;
