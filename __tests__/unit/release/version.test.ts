// `shakedown --version` and where it learns the version and commit: the package.json beside
// dist/, dist/COMMIT as `npm pack` stamps it, and git only in Shakedown's own checkout.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/app/cli.js';
import { readBuildInfo } from '../../../src/adapters/system/build-info.js';
import { fakeCli } from '../spec/helpers.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sd-version-'));
  mkdirSync(join(root, 'dist'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const manifest = (name: string, version: string) =>
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name, version }));

describe('shakedown --version', () => {
  it('prints the version and the commit on stdout', async () => {
    for (const flag of ['--version', '-v', 'version']) {
      const cli = Object.assign(fakeCli([]), { build: () => ({ version: '1.2.3', commit: SHA }) });
      expect(await runCli([flag], cli)).toBe(0);
      expect([cli.out, cli.err]).toEqual([`shakedown 1.2.3 (commit ${SHA})\n`, '']);
    }
  });

  it('says unknown rather than guessing when the installation cannot tell', async () => {
    const cli = Object.assign(fakeCli([]), {
      build: () => ({ version: undefined, commit: undefined }),
    });
    expect(await runCli(['--version'], cli)).toBe(0);
    expect(cli.out).toBe('shakedown unknown (commit unknown)\n');
  });

  it('refuses arguments it does not take', async () => {
    const cli = fakeCli([]);
    expect(await runCli(['--version', 'extra'], cli)).toBe(2);
    expect(cli.err).toBe("shakedown --version: takes no arguments, got 'extra'.\n");
  });

  it('is listed in the usage', async () => {
    const cli = fakeCli([]);
    await runCli(['--help'], cli);
    expect(cli.out).toMatch(/^ {2}version {4}print the version and the commit/m);
  });
});

describe('readBuildInfo', () => {
  it('reads the version beside dist/ and the commit npm pack stamped', () => {
    manifest('shakedown', '1.2.3');
    writeFileSync(join(root, 'dist/COMMIT'), `${SHA}\n`);
    expect(readBuildInfo(join(root, 'dist'))).toEqual({ version: '1.2.3', commit: SHA });
  });

  it('ignores a package.json that is not Shakedown’s', () => {
    manifest('someone-elses-app', '9.9.9');
    expect(readBuildInfo(join(root, 'dist'))).toEqual({ version: undefined, commit: undefined });
  });

  it('asks git only in a checkout of its own, never the project it is installed in', () => {
    manifest('shakedown', '0.1.0');
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
        cwd: root,
        encoding: 'utf8',
      }).trim();
    git('init', '-q');
    git('commit', '-q', '--allow-empty', '-m', 'x');
    const head = git('rev-parse', 'HEAD');
    expect(readBuildInfo(join(root, 'dist')).commit).toBe(head);
    // Installed under node_modules/shakedown of a git project: no .git beside dist/.
    const installed = join(root, 'node_modules/shakedown');
    mkdirSync(join(installed, 'dist'), { recursive: true });
    writeFileSync(join(installed, 'package.json'), readFileSync(join(root, 'package.json')));
    expect(readBuildInfo(join(installed, 'dist'))).toEqual({ version: '0.1.0', commit: undefined });
  });
});
