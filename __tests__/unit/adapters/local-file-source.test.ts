import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFileSource } from '../../../src/adapters/fs/local-file-source.js';

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sd-fs-'));
  mkdirSync(join(dir, 'flows/nested'), { recursive: true });
  writeFileSync(join(dir, 'flows/b.yaml'), 'b');
  writeFileSync(join(dir, 'flows/nested/a.yml'), 'a');
  writeFileSync(join(dir, 'flows/readme.md'), 'not yaml');
  writeFileSync(join(dir, 'single.yaml'), 's');
  return dir;
}

describe('LocalFileSource', () => {
  it('expands files, directories and globs, sorted and deduplicated', async () => {
    const source = new LocalFileSource(tree());
    const files = await source.readInputs(['flows', 'single.yaml', 'flows/*.yaml']);
    expect(files.map((f) => f.path)).toEqual(['flows/b.yaml', 'flows/nested/a.yml', 'single.yaml']);
    expect(files.map((f) => f.text)).toEqual(['b', 'a', 's']);
  });

  it('names a pattern that matches nothing', async () => {
    const source = new LocalFileSource(tree());
    await expect(source.readInputs(['missing/*.yaml'])).rejects.toThrow(
      "'missing/*.yaml' matches no file",
    );
  });
});
