// Expands the user's file arguments the way a shell user expects: a file is itself, a directory
// means every YAML file below it, anything else is a glob. Results are sorted so that plans and
// error listings do not depend on directory order.
import { glob, readFile, stat } from 'node:fs/promises';
import { join, relative, isAbsolute } from 'node:path';
import type { FileSource, InputFile } from '../../ports/file-source.js';

const YAML_FILES = '**/*.{yaml,yml}';

export class LocalFileSource implements FileSource {
  constructor(private readonly cwd: string) {}

  async readInputs(patterns: string[]): Promise<InputFile[]> {
    const paths = new Set<string>();
    for (const pattern of patterns) {
      const matched = await this.expand(pattern);
      if (matched.length === 0) {
        throw new Error(`'${pattern}' matches no file (expected a file, directory or glob).`);
      }
      matched.forEach((p) => paths.add(p));
    }
    const files: InputFile[] = [];
    for (const path of [...paths].sort()) {
      files.push({ path, text: await readFile(this.absolute(path), 'utf8') });
    }
    return files;
  }

  private absolute(path: string): string {
    return isAbsolute(path) ? path : join(this.cwd, path);
  }

  private display(path: string): string {
    const rel = relative(this.cwd, path);
    return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
  }

  private async expand(pattern: string): Promise<string[]> {
    const info = await stat(this.absolute(pattern)).catch(() => undefined);
    if (info?.isFile()) return [pattern];
    const found: string[] = [];
    const walk = info?.isDirectory()
      ? glob(YAML_FILES, { cwd: this.absolute(pattern) })
      : glob(pattern, { cwd: this.cwd });
    for await (const entry of walk) {
      const full = info?.isDirectory() ? join(this.absolute(pattern), entry) : this.absolute(entry);
      if ((await stat(full)).isFile()) found.push(this.display(full));
    }
    return found;
  }
}
