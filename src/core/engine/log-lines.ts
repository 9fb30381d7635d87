// Live logs arrive in chunks that split lines anywhere; the console shows whole lines, each
// prefixed with where it comes from, and sensitive config values are masked before any of it
// is shown or saved.
//
// A container may print for a long time without a newline (a `\r` progress bar): the pieces of
// a line are kept in a list and joined once, so the work stays linear in the input, and a line
// is cut at MAX_LINE_CHARS with a note, so one endless line cannot fill the memory or the log.

import { Masker } from '../secrets/masker.js';

/** Longest line kept whole; the rest of a longer line is dropped up to its newline. */
export const MAX_LINE_CHARS = 64 * 1024;

export function cutNote(max: number): string {
  return ` [shakedown: line cut at ${max} characters]`;
}

/** Joins chunks into complete lines; `flush` returns what is left without a newline. */
export class LineBuffer {
  private parts: string[] = [];
  private size = 0;
  private cut = false;

  constructor(private readonly max: number = MAX_LINE_CHARS) {}

  push(chunk: string): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
      this.add(chunk, start, end);
      lines.push(this.take(true));
      start = end + 1;
    }
    this.add(chunk, start, chunk.length);
    return lines;
  }

  flush(): string[] {
    if (this.size === 0 && !this.cut) return [];
    return [this.take(false)];
  }

  private add(chunk: string, start: number, end: number): void {
    if (this.cut || start === end) return;
    // One character of slack, so that the `\r` of a `\r\n` line ending does not count.
    const room = this.max + 1 - this.size;
    if (end - start > room) {
      this.parts.push(chunk.slice(start, start + room));
      this.size += room;
      this.cut = true;
      return;
    }
    this.parts.push(chunk.slice(start, end));
    this.size += end - start;
  }

  private take(complete: boolean): string {
    let line = this.parts.join('');
    if (complete && line.endsWith('\r')) line = line.slice(0, -1);
    const cut = this.cut || line.length > this.max;
    if (cut) line = line.slice(0, this.max) + cutNote(this.max);
    this.parts = [];
    this.size = 0;
    this.cut = false;
    return line;
  }
}

/** Masks the secret values (the shared masker's rule: see core/secrets/masker.ts). */
export function masker(secrets: string[]): (text: string) => string {
  const shared = new Masker();
  shared.add(secrets);
  return (text) => shared.mask(text);
}

/** The sensitive config values of a plan, as text. */
export function sensitiveValues(config: Record<string, unknown>, sensitive: string[]): string[] {
  return sensitive
    .map((name) => config[name])
    .filter((v) => v !== undefined && v !== '')
    .map(String);
}
