// Splits a timestamped log stream (`timestamps=true`) into lines, strips the timestamps, and
// drops lines already delivered before a reconnect. The API's sinceTime has one-second
// precision, so a resumed stream repeats the last second; the kubelet's nanosecond
// timestamps tell which of those lines we already have.

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
  private partial = '';
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
    this.partial = '';
  }

  push(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.line(line, true);
  }

  /** Delivers a trailing line that never got its newline. */
  flush(): void {
    if (this.partial) this.line(this.partial, false);
    this.partial = '';
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
