// What a CLI command may touch of the outside world. Commands get this object instead of
// reaching for process/fs themselves, so tests can run them in memory.
import type { BuildInfo } from './build-info.js';
import type { Masker } from '../core/secrets/masker.js';
import type { ConsoleSink } from './console-sink.js';
import type { FileSource } from './file-source.js';
import type { RunEnvironment } from './run-environment.js';

export interface CliEnvironment {
  /** Standard output: machine-readable results only (plans, JSON). */
  stdout(text: string): void;
  /** Standard error: progress, warnings and error messages. */
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  files: FileSource;
  /** Cluster, output, clock and signals for `run` and `cleanup`; absent where they cannot work. */
  run?: RunEnvironment;
  /** Collapsible console groups (GitLab job log sections); absent on a plain terminal. */
  console?: ConsoleSink;
  /** Which Shakedown this is (`--version`); read only when asked. */
  build?: () => BuildInfo;
  /** The process's one masker; every sink masks with it. A fresh one when absent. */
  masker?: Masker;
}
