// A report file that cannot be read as test results. The engine turns it into a warning about
// one artifact rather than failing the run, so the message must stand alone: which file, where
// in it, and what was expected.

export class ResultsParseError extends Error {
  constructor(
    /** The file the text came from, as the caller named it. */
    readonly source: string,
    readonly detail: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    const where = line === undefined ? source : `${source}:${line}${column ? `:${column}` : ''}`;
    super(`${where}: ${detail}`);
    this.name = 'ResultsParseError';
  }
}

/** Input larger than this is refused before parsing (JUnit or CTRF). */
export const MAX_REPORT_BYTES = 50 * 1024 * 1024;

export function checkSize(text: string, source: string, kind: string): void {
  // String length is a cheap lower bound on the UTF-8 size; only measure exactly near the limit.
  if (text.length * 3 <= MAX_REPORT_BYTES) return;
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_REPORT_BYTES) {
    throw new ResultsParseError(
      source,
      `${kind} report is ${bytes} bytes; at most ${MAX_REPORT_BYTES} bytes (50 MiB) are read`,
    );
  }
}
