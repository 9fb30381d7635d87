import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { archiveWorkspace } from '../../../src/adapters/fs/workspace-archive.js';
import { readTar } from '../../../src/app/run/collect-artifacts.js';

describe('archiveWorkspace', () => {
  const root = mkdtempSync(join(tmpdir(), 'upload-'));
  mkdirSync(join(root, 'tests/unit'), { recursive: true });
  writeFileSync(join(root, 'tests/unit/a.test.js'), 'test a');
  writeFileSync(join(root, 'tests/b.txt'), 'b');
  writeFileSync(join(root, 'package.json'), '{}');
  symlinkSync('b.txt', join(root, 'tests/link'));

  it('packs files and directories with paths relative to the working directory', async () => {
    const entries = await readTar(await archiveWorkspace(['tests', 'package.json'], root));
    expect(entries.map((e) => [e.name, e.data.toString()])).toEqual([
      ['tests/b.txt', 'b'],
      ['tests/unit/a.test.js', 'test a'],
      ['package.json', '{}'],
    ]);
  });

  it('refuses paths outside the working directory and missing ones', async () => {
    await expect(archiveWorkspace(['../etc'], root)).rejects.toThrow(
      `--upload '../etc': only paths inside the working directory ${root} can be uploaded`,
    );
    await expect(archiveWorkspace(['nope'], root)).rejects.toThrow(
      "--upload 'nope': no such file or directory",
    );
  });
});
