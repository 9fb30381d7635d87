// glob() in parallel.shards on the real cluster: the workers are decided from the files the
// engine lists in the workflow pod's waiting container.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { KubePort } from '../../../src/ports/kube.js';
import { clusterOrFail, EXAMPLES, leftovers, runCli } from './run-cli.js';

let kube: KubePort;

beforeAll(async () => {
  ({ kube } = await clusterOrFail());
});

describe('workers decided at run time (bundled CLI, real cluster)', () => {
  it('shards the files glob() finds in the workflow pod, each handled exactly once', async () => {
    const run = await runCli([join(EXAMPLES, 'glob-shards.yaml')]);
    expect(run.code).toBe(0);
    const results = run.results();
    expect(results.status).toBe('passed');
    const workers = results.steps[0]!.workers!;
    expect(workers.map((w) => [w.index, w.status, w.shard.f])).toEqual([
      [0, 'passed', ['/data/tests/a.txt', '/data/tests/b.txt']],
      [1, 'passed', ['/data/tests/c.txt']],
    ]);
    const handled = workers.flatMap((w) =>
      [...run.file(w.steps[0]!.logFile!).matchAll(/handles (\S+)/g)].map((m) => m[1]),
    );
    expect(handled.sort()).toEqual(['/data/tests/a.txt', '/data/tests/b.txt', '/data/tests/c.txt']);
    expect(await leftovers(kube, run.runId)).toEqual([]);
  });
});
