// Where a run's files go (results.json, junit.xml, ctrf.json, logs/, artifacts/). Paths are
// relative to the output directory and '/'-separated; the adapter refuses any path that would
// leave it, since artifact names come from inside the cluster.
export interface OutputSink {
  /** Creates or replaces a file, creating its directories. */
  write(path: string, data: string | Uint8Array): Promise<void>;
  /** Appends text to a file, creating it and its directories when needed. */
  append(path: string, text: string): Promise<void>;
  /**
   * Refuses, without changing anything, a directory Shakedown may not write into: one that holds
   * files but no marker of an earlier Shakedown output (or a path that is not a directory).
   */
  check(): Promise<void>;
  /**
   * Once the run starts: marks the directory as Shakedown's and removes what an earlier run
   * wrote there (results, logs, artifacts); nothing else is touched.
   */
  clear(): Promise<void>;
  /**
   * The last `maxBytes` of a file (all of it without a bound) and the file's size; undefined
   * when there is no such file. Optional: report.html shows logs only where a sink can read.
   */
  readTail?(path: string, maxBytes?: number): Promise<{ text: string; size: number } | undefined>;
  /** How the user finds a path: the output directory joined with it. */
  locate(path: string): string;
}
