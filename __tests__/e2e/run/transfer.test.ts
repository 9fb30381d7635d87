// Files between pods on the real cluster: parallel.transfer into workers, parallel.fetch back
// into the parent, parallel.paused workers released together, services.NAME.transfer.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { KubePort } from '../../../src/ports/kube.js';
import { clusterOrFail, EXAMPLES, leftovers, runCli } from './run-cli.js';

let kube: KubePort;

beforeAll(async () => {
  ({ kube } = await clusterOrFail());
});

const example = (name: string) => join(EXAMPLES, name);

/** `start N` / `end N` lines (node uptime in seconds) of a worker's step log. */
function window(log: string): { start: number; end: number } {
  const read = (word: string) => Number(new RegExp(`^${word} ([0-9.]+)$`, 'm').exec(log)?.[1]);
  return { start: read('start'), end: read('end') };
}

describe('files between pods (bundled CLI, real cluster)', () => {
  it("places the parent's files into each worker and each worker's back into the parent", async () => {
    const run = await runCli([example('transfer-and-fetch.yaml')]);
    expect(run.stderr).toContain('⇣ transfer 3 file(s): /data/build → /app');
    expect(run.code).toBe(0);
    const results = run.results();
    expect(results.status).toBe('passed');
    const [, workers, check] = results.steps;
    expect(workers!.workers!.map((w) => w.status)).toEqual(['passed', 'passed']);
    const log = run.file(workers!.workers![1]!.steps[0]!.logFile!);
    expect(log).toContain('built by the parent');
    expect(log).toContain('nested');
    expect(log).toContain('script ran');
    expect(check!.artifacts).toEqual([
      'artifacts/check/results/0/seen.txt',
      'artifacts/check/results/1/seen.txt',
    ]);
    expect(run.file('artifacts/check/results/0/seen.txt')).toBe('built by the parent\nworker 0\n');
    expect(run.file('artifacts/check/results/1/seen.txt')).toBe('built by the parent\nworker 1\n');
    expect(await leftovers(kube, run.runId)).toEqual([]);
  });

  it('holds paused workers at their first gate and starts them together', async () => {
    const run = await runCli([example('paused-workers.yaml')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('2 paused worker(s) released together');
    const workers = run.results().steps[0]!.workers!;
    const [a, b] = workers.map((w) => window(run.file(w.steps[0]!.logFile!)));
    // Worker 2's service needs 8 s; without the barrier worker 1 (3 s) would be done by then.
    expect(a!.start).toBeLessThan(b!.end);
    expect(b!.start).toBeLessThan(a!.end);
    expect(await leftovers(kube, run.runId)).toEqual([]);
  });

  it('places files of the workflow pod into a service before it starts', async () => {
    const run = await runCli([example('service-transfer.yaml')]);
    expect(run.stderr).toContain('⇣ service web-0: 1 file(s): /data/site → /www');
    expect(run.code).toBe(0);
    const results = run.results();
    expect(results.services).toEqual([
      expect.objectContaining({ name: 'web', status: 'ready', ip: expect.any(String) }),
    ]);
    expect(results.steps[0]!.status).toBe('passed');
    expect(await leftovers(kube, run.runId)).toEqual([]);
  });
});
