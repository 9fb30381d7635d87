// Where console lines go, with collapsible groups where the CI shows them (GitLab job log
// sections). Adapters implement it; the engine only needs `group`.

export interface ConsoleSink {
  /** One line of output, without the newline. */
  line(text: string): void;
  /**
   * Opens a group titled `title`, folded unless `expanded`; the returned function closes it (a
   * second call does nothing).
   */
  group(title: string, options?: { expanded?: boolean }): () => void;
}
