// The output directory on the local disk. Every path is checked to stay inside it, because
// artifact names come from inside the cluster.
import { appendFile, mkdir, open, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { OutputSink } from '../../ports/output-sink.js';

/** What an earlier run left that a new run replaces. */
const OWN_ENTRIES = ['results.json', 'junit.xml', 'ctrf.json', 'report.html', 'logs', 'artifacts'];

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

  async readTail(
    path: string,
    maxBytes = Infinity,
  ): Promise<{ text: string; size: number } | undefined> {
    let file;
    try {
      file = await open(this.inside(path), 'r');
    } catch {
      return undefined;
    }
    try {
      const { size } = await file.stat();
      const length = Math.min(size, maxBytes);
      const buffer = Buffer.alloc(length);
      await file.read(buffer, 0, length, size - length);
      // A cut can fall inside a UTF-8 sequence: skip its continuation bytes.
      let start = 0;
      while (length < size && start < length && (buffer[start]! & 0xc0) === 0x80) start++;
      return { text: buffer.subarray(start).toString('utf8'), size };
    } finally {
      await file.close();
    }
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
