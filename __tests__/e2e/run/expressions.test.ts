// Testkube's expression results in a real run (examples/e2e/testkube-expressions.yaml):
// secret() in an env value reads a Secret through a secretKeyRef, the execution/resource/
// labels variables hold what the run defines, and numbers and JSON print as Go prints them.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { KubePort } from '../../../src/ports/kube.js';
import { clusterOrFail, EXAMPLES, leftovers, runCli } from './run-cli.js';

let kube: KubePort;

beforeAll(async () => {
  ({ kube } = await clusterOrFail());
});

describe('shakedown run: Testkube expressions (bundled CLI, real cluster)', () => {
  it('reads secret() through a secretKeyRef and gives the run-time variables and Go forms', async () => {
    const run = await runCli([
      join(EXAMPLES, 'testkube-expressions.yaml'),
      '--manifests',
      join(EXAMPLES, 'testkube-expressions.secret.json'),
    ]);
    const results = run.results();
    expect(results.steps.map((s) => [s.name, s.status])).toEqual([
      ['secret from a secretKeyRef', 'passed'],
      ['secret in a script', 'passed'],
      ['run-time variables', 'passed'],
      ['Go number and JSON forms', 'passed'],
    ]);
    expect(run.code).toBe(0);
    // The Secret's value never reaches the output.
    expect(run.stderr).not.toContain('pw-from-secret');
    expect(await leftovers(kube, run.runId)).toEqual([]);
  });

  it("shares step results and outputs between steps, as Testkube's toolkit does", async () => {
    const run = await runCli([join(EXAMPLES, 'step-sharing.yaml')]);
    const results = run.results();
    expect(results.steps.map((s) => [s.name, s.status, s.exitCode])).toEqual([
      ['Produce', 'passed', 0],
      ['Consume', 'passed', 0],
      ['Fail after writing', 'failed', 3],
      ['Verify', 'passed', 0],
    ]);
    expect(run.code).toBe(0);
    expect(await leftovers(kube, run.runId)).toEqual([]);
  });
});
