// The output directory on the local disk. Every path is checked to stay inside it, because
// artifact names come from inside the cluster.
import { appendFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { OutputSink } from '../../ports/output-sink.js';

/** What an earlier run left that a new run replaces. */
const OWN_ENTRIES = ['results.json', 'junit.xml', 'ctrf.json', 'logs', 'artifacts'];

export class LocalOutputSink implements OutputSink {
  private readonly root: string;

  constructor(directory: string, cwd: string = process.cwd()) {
    this.root = resolve(cwd, directory);
  }

  async write(path: string, data: string | Uint8Array): Promise<void> {
    const target = this.inside(path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, data);
  }

  async append(path: string, text: string): Promise<void> {
    const target = this.inside(path);
    await mkdir(dirname(target), { recursive: true });
    await appendFile(target, text);
  }

  async clear(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    for (const entry of OWN_ENTRIES)
      await rm(join(this.root, entry), { recursive: true, force: true });
  }

  locate(path: string): string {
    return this.inside(path);
  }

  private inside(path: string): string {
    const target = resolve(this.root, path);
    const rel = relative(this.root, target);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
      throw new Error(`'${path}' is not a path inside the output directory ${this.root}`);
    }
    return target;
  }
}
