import { describe, expect, it } from '@jest/globals';
import { LogLines } from '../../../src/adapters/kubernetes/log-lines.js';
import { cutNote, LineBuffer, MAX_LINE_CHARS } from '../../../src/core/engine/log-lines.js';

const MB = 1024 * 1024;

/** A `\r` progress bar: 32 MB on one line, in 64 KiB chunks, then a newline and a next line. */
function progressBar(): string[] {
  const frame = '\r[=====>    ] 42% 1.2 MB/s';
  const chunk = frame.repeat(Math.ceil((64 * 1024) / frame.length));
  const chunks: string[] = [];
  for (let size = 0; size < 32 * MB; size += chunk.length) chunks.push(chunk);
  chunks.push('\ndone\n');
  return chunks;
}

describe('LineBuffer', () => {
  it('cuts a 32 MB line without a newline at its cap, says so, and keeps the lines after it', () => {
    const buffer = new LineBuffer();
    const chunks = progressBar();
    const lines = chunks.flatMap((chunk) => buffer.push(chunk));
    expect(lines).toHaveLength(2);
    const [bar, next] = lines;
    expect(bar).toBe(chunks[0]!.repeat(2).slice(0, MAX_LINE_CHARS) + cutNote(MAX_LINE_CHARS));
    expect(bar).toMatch(/ \[shakedown: line cut at 65536 characters\]$/);
    expect(next).toBe('done');
    expect(buffer.flush()).toEqual([]);
  });

  it('keeps a line of exactly the cap whole, also with a \\r\\n ending, and cuts one character more', () => {
    const buffer = new LineBuffer(10);
    expect(buffer.push('0123456789\r\n0123456789\n0123456789x\n')).toEqual([
      '0123456789',
      '0123456789',
      `0123456789${cutNote(10)}`,
    ]);
  });

  it('cuts a trailing line that never got its newline', () => {
    const buffer = new LineBuffer(4);
    expect(buffer.push('ab')).toEqual([]);
    expect(buffer.push('cdef')).toEqual([]);
    expect(buffer.flush()).toEqual([`abcd${cutNote(4)}`]);
    expect(buffer.flush()).toEqual([]);
  });
});

describe('LogLines (kubelet stream)', () => {
  it('keeps the head of a 32 MB timestamped line, so the engine cuts it and says so', () => {
    const out: string[] = [];
    const lines = new LogLines((text) => out.push(text));
    const chunks = progressBar();
    lines.push('2025-01-02T03:04:05.000000001Z ');
    for (const chunk of chunks) lines.push(chunk);
    // `done` has no timestamp of its own here, so it passes through as is.
    expect(out).toHaveLength(2);
    expect(out[0]!.length).toBeGreaterThan(MAX_LINE_CHARS);
    expect(out[0]!.length).toBeLessThan(MAX_LINE_CHARS + 64);
    expect(out[0]!.startsWith(chunks[0]!.slice(0, 1000))).toBe(true);
    expect(out[1]).toBe('done\n');
    const buffer = new LineBuffer();
    const shown = out.flatMap((text) => buffer.push(text));
    expect(shown[0]).toBe(chunks[0]!.repeat(2).slice(0, MAX_LINE_CHARS) + cutNote(MAX_LINE_CHARS));
    expect(lines.last).toBe('2025-01-02T03:04:05.000000001');
  });
});
