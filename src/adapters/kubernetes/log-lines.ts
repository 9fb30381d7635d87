// Splits a timestamped log stream (`timestamps=true`) into lines, strips the timestamps, and
// drops lines already delivered before a reconnect. The API's sinceTime has one-second
// precision, so a resumed stream repeats the last second; the kubelet's nanosecond
// timestamps tell which of those lines we already have.
//
// A line without a newline (a `\r` progress bar) is kept as a list of pieces, joined once, and
// only its head is kept: the engine cuts it at MAX_LINE_CHARS and says so, and the kubelet
// timestamp sits at its start, so what lies beyond never matters.
import { MAX_LINE_CHARS } from '../../core/engine/log-lines.js';

// The timestamp and its space are at most 31 characters; what is kept past the engine's cap
// makes sure the engine still sees the line as too long, and says so.
const KEPT_CHARS = MAX_LINE_CHARS + 64;

/** A kubelet timestamp made comparable as a string: seconds plus a 9-digit fraction. */
export type Stamp = string;

const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/;

export function toStamp(timestamp: string): Stamp | undefined {
  const match = TIMESTAMP.exec(timestamp);
  return match ? `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}` : undefined;
}

/** sinceTime for a resumed request: the stamp's whole second, RFC 3339. */
export function sinceTimeOf(stamp: Stamp): string {
  return `${stamp.slice(0, 19)}Z`;
}

export class LogLines {
  private parts: string[] = [];
  private size = 0;
  /** Newest timestamp delivered so far. */
  last: Stamp | undefined;

  constructor(
    private readonly deliver: (text: string) => void,
    resumeAfter?: Stamp,
  ) {
    this.last = resumeAfter;
  }

  /**
   * Starts a new request's stream. A partial line of the dropped one is discarded: its
   * timestamp is newer than `last`, so the new stream sends it again, whole.
   */
  restart(): void {
    this.parts = [];
    this.size = 0;
  }

  push(text: string): void {
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      this.keep(text, start, end);
      this.line(this.take(), true);
      start = end + 1;
    }
    this.keep(text, start, text.length);
  }

  /** Delivers a trailing line that never got its newline. */
  flush(): void {
    const partial = this.take();
    if (partial) this.line(partial, false);
  }

  private keep(text: string, start: number, end: number): void {
    const room = KEPT_CHARS - this.size;
    if (room <= 0 || start === end) return;
    const piece = text.slice(start, Math.min(end, start + room));
    this.parts.push(piece);
    this.size += piece.length;
  }

  private take(): string {
    const line = this.parts.join('');
    this.restart();
    return line;
  }

  private line(line: string, complete: boolean): void {
    const space = line.indexOf(' ');
    const stamp = space > 0 ? toStamp(line.slice(0, space)) : undefined;
    if (stamp === undefined) {
      // Not timestamped (the kubelet stamps the start of every line, so not from a kubelet).
      this.deliver(complete ? `${line}\n` : line);
      return;
    }
    if (this.last !== undefined && stamp <= this.last) return;
    this.last = stamp;
    const text = line.slice(space + 1);
    this.deliver(complete ? `${text}\n` : text);
  }
}
