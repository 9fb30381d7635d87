import { runCli } from '../../../src/app/cli.js';
import type { CliEnvironment } from '../../../src/ports/cli-environment.js';
import type { RunEnvironment } from '../../../src/ports/run-environment.js';

function environment(env: Record<string, string>, run?: Partial<RunEnvironment>) {
  const out = { stdout: '', stderr: '' };
  const cli: CliEnvironment = {
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
    env,
    files: {
      readInputs: async (patterns) => {
        throw new Error(`'${patterns[0]}' matches no file (expected a file, directory or glob).`);
      },
    },
    ...(run && { run: run as RunEnvironment }),
  };
  return { cli, out };
}

const gitlabJob = {
  CI_SERVER_URL: 'https://gitlab.example.com',
  CI_PROJECT_ID: '42',
  CI_PROJECT_PATH: 'acme/shop',
  CI_COMMIT_SHA: 'abc123',
};

const runEnv: Partial<RunEnvironment> = {
  clock: { now: () => 0, sleep: async () => undefined },
  newRunId: () => 'abcd12',
};

describe('shakedown gitlab', () => {
  it('is listed by the CLI and explains itself', async () => {
    const usage = environment({});
    expect(await runCli(['--help'], usage.cli)).toBe(0);
    expect(usage.out.stdout).toMatch(/^ {2}gitlab +run workflows in a GitLab CI job/m);
    const help = environment({});
    expect(await runCli(['gitlab', '--help'], help.cli)).toBe(0);
    expect(help.out.stdout).toContain('SHAKEDOWN_INPUT_*');
  });

  it('takes no arguments', async () => {
    const { cli, out } = environment(gitlabJob, runEnv);
    expect(await runCli(['gitlab', 'tests/'], cli)).toBe(2);
    expect(out.stderr).toContain("takes no arguments but --cleanup (got 'tests/')");
  });

  it('refuses to run outside a GitLab CI job, naming the missing variable', async () => {
    const { cli, out } = environment({}, runEnv);
    expect(await runCli(['gitlab'], cli)).toBe(2);
    expect(out.stderr).toContain('shakedown gitlab: CI_SERVER_URL is not set.');
  });

  it('fails the job with the input problem before touching the cluster', async () => {
    const { cli, out } = environment(
      { ...gitlabJob, SHAKEDOWN_INPUT_WORKFLOW: 'missing/' },
      runEnv,
    );
    expect(await runCli(['gitlab'], cli)).toBe(2);
    expect(out.stderr).toContain("'missing/' matches no file");
  });
});
