// npm's prepack/postpack hook: writes the commit being packed to dist/COMMIT, which the packed
// package ships and `shakedown --version` prints, and removes it again after packing. The commit
// cannot live in the committed dist/ (a commit cannot contain its own id, and dist/ must stay
// byte-for-byte what `npm run build` makes), so it is stamped into the package only.
// SHAKEDOWN_COMMIT overrides git (packing from a source tree without .git); a tree whose tracked
// files differ from the commit is marked `-dirty`, so a local pack never passes for a release.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';

const FILE = 'dist/COMMIT';

function git(...args) {
  return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

function commit() {
  if (process.env.SHAKEDOWN_COMMIT) return process.env.SHAKEDOWN_COMMIT;
  try {
    const head = git('rev-parse', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no') === '' ? head : `${head}-dirty`;
  } catch (error) {
    throw new Error(
      `${FILE}: cannot tell which commit is packed (${error.message.trim()}); ` +
        'pack from a git checkout or set SHAKEDOWN_COMMIT.',
    );
  }
}

if (process.argv.includes('--remove')) {
  rmSync(FILE, { force: true });
} else {
  const sha = commit();
  if (!/^[0-9a-f]{7,40}(-dirty)?$/.test(sha)) {
    throw new Error(`${FILE}: '${sha}' is not a git commit id (from SHAKEDOWN_COMMIT or git).`);
  }
  writeFileSync(FILE, `${sha}\n`);
  console.error(`stamped ${FILE}: ${sha}`);
}
