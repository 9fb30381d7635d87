import { cleanupGitLabJob, type CleanupDeps } from '../../../src/app/gitlab/cleanup-gitlab.js';
import { cleanupArguments } from '../../../src/app/gitlab/gitlab-command.js';
import { readGitLabSettings } from '../../../src/app/gitlab/gitlab-settings.js';

function deps(env: Record<string, string>, runIds: string | undefined, fail = false) {
  const cleaned: string[][] = [];
  const log: string[] = [];
  const read: string[] = [];
  const d: CleanupDeps = {
    env,
    readResultsFile: async (dir, name) => {
      read.push(`${dir}/${name}`);
      return runIds;
    },
    cleanup: async (ids) => {
      if (fail) throw new Error('cannot reach the API server');
      cleaned.push(ids);
    },
    log: {
      info: (m) => void log.push(`info: ${m}`),
      warning: (m) => void log.push(`warning: ${m}`),
      error: (m) => void log.push(`error: ${m}`),
    },
  };
  return { d, cleaned, log, read };
}

describe('cleanupGitLabJob (the after_script)', () => {
  it('cleans up every run the job recorded', async () => {
    const { d, cleaned, read } = deps(
      { SHAKEDOWN_INPUT_RESULTS_DIR: 'out' },
      'a1b2\nc3d4\n\na1b2\n',
    );
    expect(await cleanupGitLabJob(d)).toBe(0);
    expect(read).toEqual(['out/run-ids.txt']);
    expect(cleaned).toEqual([['a1b2', 'c3d4']]);
  });

  it('does nothing when no run was started', async () => {
    for (const recorded of [undefined, '', '\n']) {
      const { d, cleaned, log } = deps({}, recorded);
      expect(await cleanupGitLabJob(d)).toBe(0);
      expect(cleaned).toEqual([]);
      expect(log).toEqual(['info: shakedown: no run was started; nothing to clean up.']);
    }
  });

  it('leaves runs in place when keep-namespace asks for it', async () => {
    const { d, cleaned, log } = deps({ SHAKEDOWN_INPUT_KEEP_NAMESPACE: 'on-failure' }, 'a1b2\n');
    expect(await cleanupGitLabJob(d)).toBe(0);
    expect(cleaned).toEqual([]);
    expect(log[0]).toContain("keep-namespace is 'on-failure': leaving run(s) a1b2");
  });

  it('only warns when cleanup fails, or an input is bad', async () => {
    const failing = deps({}, 'a1b2\n', true);
    expect(await cleanupGitLabJob(failing.d)).toBe(0);
    expect(failing.log).toEqual([
      'warning: Cleanup after the job did not complete: cannot reach the API server. Run `shakedown cleanup --run-id <id>` against the cluster to remove what is left.',
    ]);
    const bad = deps({ SHAKEDOWN_INPUT_COMMENT: 'loud' }, 'a1b2\n');
    expect(await cleanupGitLabJob(bad.d)).toBe(0);
    expect(bad.log[0]).toMatch(/^warning: Cleanup after the job did not complete: Input 'comment'/);
  });

  it('passes the cluster inputs on to `shakedown cleanup`', () => {
    const settings = readGitLabSettings({
      SHAKEDOWN_INPUT_KUBECONFIG: 'KUBE',
      KUBE: '/tmp/kubeconfig',
      SHAKEDOWN_INPUT_CONTEXT: 'ci',
      SHAKEDOWN_INPUT_NAMESPACE: 'qa',
    });
    expect(cleanupArguments(['a1b2', 'c3d4'], settings)).toEqual([
      '--run-id',
      'a1b2',
      '--run-id',
      'c3d4',
      '--namespace',
      'qa',
      '--kubeconfig',
      '/tmp/kubeconfig',
      '--context',
      'ci',
    ]);
  });
});
