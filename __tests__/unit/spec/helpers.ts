// Shared by the spec tests: golden files, an in-memory CLI environment, and document builders.
import { readFileSync, writeFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import picomatch from 'picomatch';
import type { CliEnvironment } from '../../../src/ports/cli-environment.js';
import type { FileSource, InputFile } from '../../../src/ports/file-source.js';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(here, '../../..');

/** Compares with a golden file; UPDATE_GOLDEN=1 rewrites it instead. */
export function expectGolden(name: string, actual: string): void {
  const path = join(here, 'golden', name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    if (process.env.UPDATE_GOLDEN !== '1')
      throw new Error(`golden file ${name} is missing; run with UPDATE_GOLDEN=1`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

/** Files of the repository, read as the CLI would see them (paths relative to the repo). */
export function repoFiles(dir: string): InputFile[] {
  const out: InputFile[] = [];
  const walk = (abs: string) => {
    for (const entry of readdirSync(abs, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const full = join(abs, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry.name))
        out.push({ path: relative(REPO, full), text: readFileSync(full, 'utf8') });
    }
  };
  walk(join(REPO, dir));
  return out;
}

/** A FileSource over in-memory files: exact paths, directories (prefixes) and globs. */
export class MemoryFileSource implements FileSource {
  constructor(private readonly files: InputFile[]) {}

  async readInputs(patterns: string[]): Promise<InputFile[]> {
    const found = new Map<string, InputFile>();
    for (const pattern of patterns) {
      const isMatch = picomatch(pattern);
      const dir = pattern.replace(/\/$/, '') + '/';
      const matched = this.files.filter(
        (f) => f.path === pattern || f.path.startsWith(dir) || isMatch(f.path),
      );
      if (matched.length === 0)
        throw new Error(`'${pattern}' matches no file (expected a file, directory or glob).`);
      matched.forEach((f) => found.set(f.path, f));
    }
    return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  }
}

export interface FakeCli extends CliEnvironment {
  out: string;
  err: string;
}

export function fakeCli(files: InputFile[]): FakeCli {
  const cli: FakeCli = {
    out: '',
    err: '',
    stdout: (text) => {
      cli.out += text;
    },
    stderr: (text) => {
      cli.err += text;
    },
    env: {},
    files: new MemoryFileSource(files),
  };
  return cli;
}

export const HEADER = 'apiVersion: testworkflows.testkube.io/v1\nkind: TestWorkflow\n';

/** A minimal valid workflow whose spec is the given YAML (indented by two spaces). */
export function workflow(spec: string, name = 'wf'): string {
  const body = spec
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
  return `${HEADER}metadata:\n  name: ${name}\nspec:\n${body}\n`;
}
