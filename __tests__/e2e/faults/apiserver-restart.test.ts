// kube-apiserver killed and started again (as hack/cluster starts it) while a step runs: the
// run's watches and log streams resume, it passes, no log line is lost, nothing is left. Only on
// the local cluster of hack/cluster, whose API server this machine owns: anywhere else the case
// cannot be staged, and it is reported as such instead of passing.
import { spawn } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { clusterOrFail, leftovers, ROOT, runCli } from '../run/run-cli.js';

const LOCAL_KUBECONFIG = '/var/lib/shakedown-cluster/kubeconfig/admin.kubeconfig';
const PID_FILE = '/var/lib/shakedown-cluster/pids/kube-apiserver.pid';
const local =
  !!process.env.KUBECONFIG &&
  existsSync(process.env.KUBECONFIG) &&
  existsSync(LOCAL_KUBECONFIG) &&
  realpathSync(process.env.KUBECONFIG) === realpathSync(LOCAL_KUBECONFIG) &&
  existsSync(PID_FILE);

function restartApiServer(): Promise<number | null> {
  const child = spawn('bash', [join(ROOT, 'hack/cluster/restart-apiserver.sh'), '5'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return new Promise((done) => child.on('close', done));
}

describe('kube-apiserver restarted while a step runs', () => {
  it('the run carries on and passes', async () => {
    if (!local) {
      throw new Error(
        `this case needs the local cluster of hack/cluster (KUBECONFIG=${LOCAL_KUBECONFIG}); it restarts its kube-apiserver`,
      );
    }
    const { kube } = await clusterOrFail();
    let restart: Promise<number | null> | undefined;
    const started = Date.now();
    const run = await runCli([join(import.meta.dirname, 'fixtures/slow-step.yaml')], {
      onLine: (line) => {
        if (line.includes('tick 5') && !restart) restart = restartApiServer();
        return undefined;
      },
    });
    expect(await restart).toBe(0);
    expect(Date.now() - started).toBeLessThan(240_000);
    expect(run.code === 0 ? '' : run.stderr).toBe('');
    const results = run.results();
    expect(results.status).toBe('passed');
    expect(results.steps.map((s) => s.status)).toEqual(['passed', 'passed']);
    const ticks = Array.from({ length: 45 }, (_, i) => `tick ${i + 1}\n`).join('');
    expect(run.file('logs/waits.log')).toBe(ticks);
    expect(await leftovers(kube, run.runId)).toEqual([]);
  });
});
