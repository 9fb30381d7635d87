// The output directory on the local disk. Every path is checked to stay inside it, because
// artifact names come from inside the cluster.
//
// A user may point --out at a folder of their own: Shakedown only ever removes what it wrote.
// A marker file says a folder is a Shakedown output; a folder with files and no marker is
// refused before anything connects, and nothing is removed or created before the run starts.
import { appendFile, mkdir, open, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { OutputSink } from '../../ports/output-sink.js';

/** What an earlier run left that a new run replaces. */
const OWN_ENTRIES = ['results.json', 'junit.xml', 'ctrf.json', 'report.html', 'logs', 'artifacts'];

/** The file that marks a directory as Shakedown's output. */
export const OUTPUT_MARKER = '.shakedown-output';

const MARKER_TEXT =
  'This folder holds the output of a Shakedown run. The next run into it replaces\n' +
  `${OWN_ENTRIES.join(', ')} and nothing else.\n`;

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

  async check(): Promise<void> {
    const info = await stat(this.root).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new Error(`--out ${this.root}: ${error.message}`);
    });
    if (!info) return;
    if (!info.isDirectory()) throw new Error(`--out ${this.root}: is not a directory`);
    const entries = await readdir(this.root);
    if (entries.length === 0 || entries.includes(OUTPUT_MARKER)) return;
    const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? ', …' : '');
    throw new Error(
      `--out ${this.root}: the directory is not empty (${shown}) and is not the output of an ` +
        `earlier Shakedown run (no ${OUTPUT_MARKER} file); Shakedown will not write into it or ` +
        `remove anything there. Give an empty or new directory.`,
    );
  }

  async clear(): Promise<void> {
    // Checked again: the folder may have changed while the run connected.
    await this.check();
    await mkdir(this.root, { recursive: true });
    await writeFile(join(this.root, OUTPUT_MARKER), MARKER_TEXT);
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
