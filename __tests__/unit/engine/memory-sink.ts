// An OutputSink that keeps files in memory, for orchestration tests.
import type { OutputSink } from '../../../src/ports/output-sink.js';

export class MemorySink implements OutputSink {
  readonly files = new Map<string, Buffer>();

  async write(path: string, data: string | Uint8Array): Promise<void> {
    this.files.set(path, Buffer.from(data));
  }

  async append(path: string, text: string): Promise<void> {
    this.files.set(
      path,
      Buffer.concat([this.files.get(path) ?? Buffer.alloc(0), Buffer.from(text)]),
    );
  }

  async check(): Promise<void> {}

  async clear(): Promise<void> {
    this.files.clear();
  }

  async readTail(path: string, maxBytes = Infinity) {
    const data = this.files.get(path);
    if (!data) return undefined;
    return {
      text: data.subarray(Math.max(0, data.length - maxBytes)).toString('utf8'),
      size: data.length,
    };
  }

  locate(path: string): string {
    return `/out/${path}`;
  }

  text(path: string): string {
    const data = this.files.get(path);
    if (!data) throw new Error(`no file ${path}; have: ${[...this.files.keys()].join(', ')}`);
    return data.toString('utf8');
  }
}
