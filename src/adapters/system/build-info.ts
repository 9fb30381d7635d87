// Reads which Shakedown this is from the installation itself, at run time, so that the bundle
// stays the same bytes for every commit: the version from the package.json beside dist/ (the
// npm package's, or the checkout's), the commit from dist/COMMIT (stamped into the npm package
// by scripts/stamp-commit.js) or, in a git checkout of Shakedown, from git.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BuildInfo } from '../../ports/build-info.js';

export const PACKAGE_NAME = 'shakedown';

/** `distDir` is the folder holding shakedown.js and the launchers. */
export function readBuildInfo(distDir: string): BuildInfo {
  const root = join(distDir, '..');
  return { version: packageVersion(root), commit: stampedCommit(distDir) ?? gitCommit(root) };
}

function packageVersion(root: string): string | undefined {
  try {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      name?: unknown;
      version?: unknown;
    };
    // Another package.json (dist/ copied into someone's project) does not say our version.
    if (manifest.name !== PACKAGE_NAME || typeof manifest.version !== 'string') return undefined;
    return manifest.version;
  } catch {
    return undefined;
  }
}

function stampedCommit(distDir: string): string | undefined {
  try {
    return readFileSync(join(distDir, 'COMMIT'), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

function gitCommit(root: string): string | undefined {
  // Only Shakedown's own checkout: git in an installed package would name the user's commit.
  if (!existsSync(join(root, '.git'))) return undefined;
  try {
    return execFileSync('git', ['-C', root, 'rev-parse', 'HEAD'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return undefined;
  }
}
