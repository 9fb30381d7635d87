// `execute` end to end: a workflow that runs other workflows of its directory as child runs in
// its namespace, through the bundled CLI on the real cluster.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import type { KubePort } from '../../../src/ports/kube.js';
import { clusterOrFail, EXAMPLES, leftovers, runCli } from './run-cli.js';

let kube: KubePort;

beforeAll(async () => {
  ({ kube } = await clusterOrFail());
});

const example = (name: string) => join(EXAMPLES, 'execute', name);

describe('shakedown run: execute (bundled CLI, real cluster)', () => {
  it('runs two child workflows, one per matrix value with its own service, and passes', async () => {
    const run = await runCli([example('execute-parent.yaml'), '--config', 'greeting=hey']);
    expect(run.code).toBe(0);
    const results = run.results();
    expect(results.status).toBe('passed');
    const [children, after] = results.steps;
    expect(children!.status).toBe('passed');
    expect(
      children!.executions!.map((c) => [c.index, c.name, c.workflow, c.status, c.matrix]),
    ).toEqual([
      [0, 'execute-child-greet #1 (who=alice)', 'execute-child-greet', 'passed', { who: 'alice' }],
      [1, 'execute-child-greet #2 (who=bob)', 'execute-child-greet', 'passed', { who: 'bob' }],
      [2, 'execute-child-plain #1', 'execute-child-plain', 'passed', {}],
    ]);
    // Both greeters had a service named web at the same time: each reached its own.
    const greets = children!.executions!.slice(0, 2);
    expect(greets.map((c) => c.services.map((s) => [s.name, s.status]))).toEqual([
      [['web', 'ready']],
      [['web', 'ready']],
    ]);
    expect(run.file(greets[1]!.steps[0]!.logFile!)).toContain('web says: hey bob');
    expect(after!.status).toBe('passed');
    expect(results.tests).toMatchObject({ total: 2, passed: 2, failed: 0 });
    const junit = run.file('junit.xml');
    // One testsuite per child run, the plain one empty (it writes no report).
    expect(junit).toContain(
      '<testsuite name="Children › execute-child-greet #1 (who=alice)" tests="1"',
    );
    expect(junit).toContain('<testsuite name="Children › execute-child-plain #1" tests="0"');
    expect(junit).toContain('name="greets bob"');
    expect(run.stderr).toMatch(/\[execute-child-greet #2 \(who=bob\)\] web says: hey bob/);
    expect(run.stderr).toContain('⇶ Children: 3 child run(s), 2 at a time');
    expect(await leftovers(kube, run.runId)).toEqual([]);
  });

  it('fails when a child fails, and the report names the child and its step', async () => {
    const run = await runCli([example('execute-parent-failing.yaml')]);
    expect(run.code).toBe(1);
    const results = run.results();
    expect(results.status).toBe('failed');
    const children = results.steps[0]!;
    expect(children).toMatchObject({
      status: 'failed',
      reason: 'ChildRunFailed',
      message: '1 of 2 child run(s) did not pass',
    });
    expect(children.executions!.map((c) => [c.workflow, c.status])).toEqual([
      ['execute-child-plain', 'passed'],
      ['execute-child-broken', 'failed'],
    ]);
    const broken = children.executions![1]!.steps[0]!;
    expect(broken).toMatchObject({ name: 'Break', status: 'failed', exitCode: 3 });
    expect(run.file(broken.logFile!)).toContain('about to fail');
    expect(run.file('junit.xml')).toContain(
      'name="step: Children › execute-child-broken #1 › Break"',
    );
    expect(run.stderr).toMatch(/\[execute-child-broken #1\] ✖ execute-child-broken failed/);
    expect(await leftovers(kube, run.runId)).toEqual([]);
  });

  it('fails a child that cannot run when it is reached, which a negative step expects', async () => {
    const run = await runCli([example('execute-parent-expected-fail.yaml')]);
    expect(run.code).toBe(0);
    const results = run.results();
    expect(results.status).toBe('passed');
    const [expected, after] = results.steps;
    expect(expected!.status).toBe('passed');
    expect(expected!.executions!.map((c) => [c.workflow, c.status, c.error?.reason])).toEqual([
      ['execute-child-unplannable', 'failed', 'Refused'],
    ]);
    expect(expected!.executions![0]!.error!.message).toContain(
      'must be a whole number of instances',
    );
    expect(after!.status).toBe('passed');
    expect(run.stderr).toMatch(
      /\[execute-child-unplannable #1\] ✖ TestWorkflow 'execute-child-unplannable' cannot run/,
    );
    expect(await leftovers(kube, run.runId)).toEqual([]);
  });

  it('skips a step whose condition is false before the run, without planning its child', async () => {
    const run = await runCli([example('execute-parent-other-environment.yaml')]);
    expect(run.code).toBe(0);
    const results = run.results();
    expect(results.status).toBe('passed');
    expect(results.steps.map((s) => [s.name, s.status])).toEqual([
      ['Only in that environment', 'skipped'],
      ['Everywhere', 'passed'],
    ]);
    expect(await leftovers(kube, run.runId)).toEqual([]);
  });
});
