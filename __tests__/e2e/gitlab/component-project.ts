// A throwaway git repository laid out as the component project (gitlab/ at its root), and
// gitlab-ci-local running its pipeline with a shell executor. gitlab-ci-local resolves
// `component: $CI_SERVER_FQDN/$CI_PROJECT_PATH/<name>@$CI_COMMIT_SHA` from the checkout itself
// when the project path is the origin's and the SHA is HEAD, so the fake origin URL below is never
// contacted.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

export const ORIGIN = 'https://gitlab.example.com/acme/shakedown.git';
export const PROJECT_PATH = 'acme/shakedown';

function git(cwd: string, ...args: string[]): string {
  const run = spawnSync(
    'git',
    ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', ...args],
    {
      cwd,
      encoding: 'utf8',
    },
  );
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout.trim();
}

/** Copies gitlab/ into a fresh repository with one commit and the fake origin; returns its path. */
export function componentProject(repoRoot: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'sd-gitlab-component-'));
  for (const entry of ['templates', 'examples', '.gitlab-ci.yml', 'README.md']) {
    cpSync(join(repoRoot, 'gitlab', entry), join(dir, entry), { recursive: true });
  }
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'component');
  git(dir, 'remote', 'add', 'origin', ORIGIN);
  // What a clone has: gitlab-ci-local reads the default branch from origin/HEAD.
  git(dir, 'update-ref', 'refs/remotes/origin/main', 'HEAD');
  git(dir, 'symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/main');
  return dir;
}

export interface PipelineRun {
  code: number | null;
  output: string;
}

/** Runs gitlab-ci-local in `cwd` (all jobs, or the ones named), every job in a local shell. */
export function runPipeline(
  cwd: string,
  variables: Record<string, string>,
  jobs: string[] = [],
  timeoutMs = 280_000,
): Promise<PipelineRun> {
  const require = createRequire(import.meta.url);
  const cli = require.resolve('gitlab-ci-local/dist/index.js');
  const args = [cli, ...jobs, '--force-shell-executor', '--no-color', '--home', join(cwd, '.home')];
  for (const [name, value] of Object.entries(variables))
    args.push('--variable', `${name}=${value}`);
  // The test points the job at a local GitLab API on purpose.
  args.push(
    '--ignore-predefined-vars',
    Object.keys(variables)
      .filter((v) => v.startsWith('CI_'))
      .join(','),
  );
  // Asynchronous: the fake GitLab API answering the jobs runs in this very process.
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd, env: jobEnvironment() });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

/** The environment of a developer's shell, without what would make the jobs think they are in CI. */
function jobEnvironment(): NodeJS.ProcessEnv {
  // Node 24 first on PATH, as in the component's default node:24 image: npx and the installed
  // shakedown run on it.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${dirname(process.execPath)}:${process.env.PATH}`,
  };
  for (const name of Object.keys(env)) {
    if (name.startsWith('CI_') || name.startsWith('GITLAB_') || name.startsWith('SHAKEDOWN_'))
      delete env[name];
  }
  return env;
}

/** A job's artifact, as gitlab-ci-local keeps it. */
export function artifact(cwd: string, job: string, path: string): string {
  return readFileSync(resolve(cwd, '.gitlab-ci-local/artifacts', job, path), 'utf8');
}

/** The variables of a dotenv text. */
export function parseDotenv(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}
