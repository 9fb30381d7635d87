import type { CliEnvironment } from '../../ports/cli-environment.js';
import { LocalFileSource } from '../fs/local-file-source.js';

export function nodeCliEnvironment(): CliEnvironment {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    files: new LocalFileSource(process.cwd()),
  };
}
