import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResultsFiles } from '../../../src/adapters/github/results-reader.js';
import { runResult } from '../../unit/action/run-fixtures.js';

function artifact(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sd-results-'));
  for (const name of ['b-flow', 'a-flow']) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, 'results.json'), JSON.stringify(runResult({ workflow: name })));
  }
  writeFileSync(join(dir, 'a-flow', 'junit.xml'), '<testsuites/>');
  writeFileSync(join(dir, 'event.json'), '{}');
  return dir;
}

describe('readResultsFiles', () => {
  it('finds every results.json under a directory, in a stable order, with the JUnit next to it', () => {
    const dir = artifact();
    const files = readResultsFiles([dir]);
    expect(files.map((f) => f.result.workflow)).toEqual(['a-flow', 'b-flow']);
    expect(files[0]!.junitFile).toBe(join(dir, 'a-flow', 'junit.xml'));
    expect(files[1]!.junitFile).toBeUndefined();
  });

  it('refuses a file that is not Shakedown results, naming it', () => {
    const dir = artifact();
    const bad = join(dir, 'a-flow', 'results.json');
    writeFileSync(bad, JSON.stringify({ ...runResult(), status: 'exploded' }));
    expect(() => readResultsFiles([bad])).toThrow(`${bad}: not a Shakedown results file`);
  });

  it('names a missing path and an empty directory', () => {
    expect(() => readResultsFiles(['/nonexistent/results.json'])).toThrow(
      "Results file '/nonexistent/results.json' does not exist",
    );
    expect(() => readResultsFiles([mkdtempSync(join(tmpdir(), 'sd-empty-'))])).toThrow(
      /No results.json under/,
    );
  });
});
