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

  locate(path: string): string {
    return `/out/${path}`;
  }

  text(path: string): string {
    const data = this.files.get(path);
    if (!data) throw new Error(`no file ${path}; have: ${[...this.files.keys()].join(', ')}`);
    return data.toString('utf8');
  }
}
