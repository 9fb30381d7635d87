// Problems found in input files are data, not exceptions: every check appends diagnostics, so
// one run reports all of a file's mistakes, each pointing at the offending node.

export interface SourcePosition {
  file: string;
  /** 1-based; 0 when the problem concerns the file as a whole. */
  line: number;
  /** 1-based; 0 when the problem concerns the file as a whole. */
  column: number;
}

export interface Diagnostic extends SourcePosition {
  /** Field path such as `spec.steps[1].run.image`; '' for the document or file itself. */
  path: string;
  /** Human message: what is wrong and the expected form. */
  message: string;
}

/** `api.yaml:14:9 spec.steps[1].run.image: must be a string` */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  return d.path ? `${where} ${d.path}: ${d.message}` : `${where} ${d.message}`;
}

/** Orders by file, then position, then path, so listings are stable and read top to bottom. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.column - b.column ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/** Sorts and drops exact duplicates (the same node can be reached by two checks). */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return [...list].sort(compareDiagnostics).filter((d) => {
    const key = formatDiagnostic(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
