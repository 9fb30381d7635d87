// Reading input files. Globs and directories are expanded by the adapter, so the core only
// ever sees (path, text) pairs.
export interface InputFile {
  /** Path as the user would recognise it (relative to the working directory when possible). */
  path: string;
  text: string;
}

export interface FileSource {
  /**
   * Expands files, directories (recursively: *.yaml, *.yml) and globs into their files.
   * A pattern that matches nothing is an error naming the pattern.
   */
  readInputs(patterns: string[]): Promise<InputFile[]>;
}
