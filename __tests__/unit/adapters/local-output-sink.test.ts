// The output directory on disk: reading the end of a log back for report.html.
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalOutputSink } from '../../../src/adapters/fs/local-output-sink.js';

const sink = () => new LocalOutputSink(mkdtempSync(join(tmpdir(), 'shakedown-sink-')));

describe('LocalOutputSink.readTail', () => {
  it('reads a whole file without a bound, and its last bytes with one', async () => {
    const out = sink();
    await out.write('logs/a.log', 'first\nsecond\nthird\n');
    expect(await out.readTail('logs/a.log')).toEqual({ text: 'first\nsecond\nthird\n', size: 19 });
    expect(await out.readTail('logs/a.log', 6)).toEqual({ text: 'third\n', size: 19 });
  });

  it('never starts inside a UTF-8 sequence', async () => {
    const out = sink();
    await out.write('x.log', 'aé€😀z');
    // The last 6 bytes start inside '€' (3 bytes): what is left is the emoji and 'z'.
    expect(await out.readTail('x.log', 6)).toEqual({ text: '😀z', size: 11 });
  });

  it('says there is no file, and refuses paths outside the directory', async () => {
    const out = sink();
    expect(await out.readTail('missing.log')).toBeUndefined();
    expect(await out.readTail('../../etc/passwd')).toBeUndefined();
  });
});
