// The clone script of content.git run with the machine's real git against a local repository:
// sparse checkout with and without cone mode, and what layoutGit puts in the container's env.
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GIT_SCRIPT, layoutGit } from '../../../src/core/engine/git-content.js';

function repository(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sd-git-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  for (const file of ['README.md', 'tests/a.test.js', 'tests/unit/b.test.js', 'docs/x.md']) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), file);
  }
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'init');
  return dir;
}

function clone(env: Record<string, string>): string {
  const dest = join(mkdtempSync(join(tmpdir(), 'sd-clone-')), 'repo');
  execFileSync('sh', ['-c', GIT_SCRIPT], {
    env: { PATH: process.env.PATH!, HOME: tmpdir(), GIT_DEST: dest, GIT_REVISION: '', ...env },
    stdio: 'ignore',
  });
  return dest;
}

describe('content.git clone script (real git)', () => {
  const repo = repository();

  it('checks out only the listed patterns without cone mode (the default)', () => {
    const dest = clone({ GIT_URI: `file://${repo}`, GIT_PATHS: 'tests/unit' });
    expect(existsSync(join(dest, 'tests/unit/b.test.js'))).toBe(true);
    expect(existsSync(join(dest, 'tests/a.test.js'))).toBe(false);
    expect(existsSync(join(dest, 'README.md'))).toBe(false);
  });

  it('with cone: whole directories plus the files at the top, as git cone mode does', () => {
    const dest = clone({ GIT_URI: `file://${repo}`, GIT_PATHS: 'tests', GIT_CONE: 'cone' });
    expect(existsSync(join(dest, 'tests/a.test.js'))).toBe(true);
    expect(existsSync(join(dest, 'tests/unit/b.test.js'))).toBe(true);
    expect(existsSync(join(dest, 'README.md'))).toBe(true);
    expect(existsSync(join(dest, 'docs/x.md'))).toBe(false);
  });

  it('with authType header: the token never lands in the clone’s config', () => {
    const dest = clone({
      GIT_URI: `file://${repo}`,
      GIT_PATHS: '',
      GIT_TOKEN: 'tok-123',
      GIT_AUTH_TYPE: 'header',
    });
    const config = execFileSync('git', ['config', '--list', '--local'], { cwd: dest }).toString();
    expect(config).not.toContain('tok-123');
    expect(existsSync(join(dest, 'docs/x.md'))).toBe(true);
  });

  it('passes authType and cone to the clone container', () => {
    const layout = layoutGit(
      [
        {
          scope: '',
          path: 'spec.content.git',
          git: {
            uri: 'https://x/r.git',
            mountPath: '/data/repo',
            paths: ['tests'],
            cone: true,
            authType: 'header',
            tokenFrom: { secretKeyRef: { name: 'git', key: 'token' } },
          },
        },
      ],
      {},
      'git',
      { name: 'data', mountPath: '/data' },
    );
    expect(layout.initContainers[0]!.env).toEqual(
      expect.arrayContaining([
        { name: 'GIT_AUTH_TYPE', value: 'header' },
        { name: 'GIT_CONE', value: 'cone' },
      ]),
    );
  });
});
