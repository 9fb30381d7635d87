import { describe, expect, it } from '@jest/globals';
import { buildProgram } from '../../../src/core/engine/program.js';
import { StepMachine } from '../../../src/core/engine/step-machine.js';
import type { StepPlan } from '../../../src/core/plan/model.js';
import type { StepStatus } from '../../../src/core/results/index.js';
import { step } from './plan-fixtures.js';

const executeStep = (overrides: Partial<StepPlan> = {}): StepPlan =>
  step('ex', {
    container: undefined,
    execute: { parallelism: 1, runs: [] },
    ...overrides,
  });

/** Answers each execute attempt with the next list of child statuses; returns the machine. */
function drive(plan: StepPlan, answers: StepStatus[][], timedOut = false) {
  const machine = new StepMachine(buildProgram([plan, step('after')]), {});
  const attempts: number[] = [];
  let d = machine.decide('s1-after', 0);
  while (d.kind === 'execute') {
    attempts.push(d.attempt);
    machine.recordExecute(d.step.id, answers.shift()!, 10 * attempts.length, timedOut);
    d = machine.decide('s1-after', 0);
  }
  return { machine, attempts, next: d };
}

describe('execute steps', () => {
  it('pass when every child run passed', () => {
    const { machine, attempts, next } = drive(executeStep(), [['passed', 'passed']]);
    expect(attempts).toEqual([1]);
    expect(machine.state('ex').status).toBe('passed');
    expect(next).toMatchObject({ kind: 'run', container: 's1-after' });
  });

  it('fail when one child run failed, and say how many; the next step is skipped', () => {
    const { machine, next } = drive(executeStep(), [['passed', 'failed']]);
    expect(machine.state('ex')).toMatchObject({
      status: 'failed',
      reason: 'ChildRunFailed',
      message: '1 of 2 child run(s) did not pass',
    });
    expect(machine.passed).toBe(false);
    expect(next).toMatchObject({ kind: 'skip' });
  });

  it('retry every child run until they pass', () => {
    const { machine, attempts } = drive(executeStep({ retry: { count: 2 } }), [
      ['failed'],
      ['passed'],
    ]);
    expect(attempts).toEqual([1, 2]);
    expect(machine.state('ex').status).toBe('passed');
    expect(machine.state('ex').attempts).toHaveLength(2);
    expect(machine.passed).toBe(true);
  });

  it('invert with negative, but not a timeout', () => {
    expect(drive(executeStep({ negative: true }), [['failed']]).machine.state('ex').status).toBe(
      'passed',
    );
    expect(drive(executeStep({ negative: true }), [['passed']]).machine.state('ex')).toMatchObject({
      status: 'failed',
      reason: 'UnexpectedSuccess',
    });
    expect(
      drive(executeStep({ negative: true }), [['cancelled']], true).machine.state('ex').status,
    ).toBe('timed_out');
  });

  it('keep an optional failure to themselves', () => {
    const { machine, next } = drive(executeStep({ optional: true }), [['failed']]);
    expect(machine.state('ex').status).toBe('failed');
    expect(machine.passed).toBe(true);
    expect(next).toMatchObject({ kind: 'run' });
  });

  it('collect their artifacts from /data, not from a container of their own', () => {
    const plan = executeStep({ artifacts: { paths: ['report.xml'] } });
    const machine = new StepMachine(buildProgram([plan, step('after')]), {});
    expect(machine.decide('s1-after', 0)).toMatchObject({ kind: 'execute', attempt: 1 });
    machine.recordExecute('ex', ['passed'], 5);
    const collect = machine.decide('s1-after', 6);
    expect(collect).toMatchObject({ kind: 'collect', step: { id: 'ex' } });
    expect((collect as { container?: string }).container).toBeUndefined();
  });

  it('are skipped with their condition', () => {
    const { machine, attempts } = drive(executeStep({ condition: 'false' }), []);
    expect(attempts).toEqual([]);
    expect(machine.state('ex').status).toBe('skipped');
  });
});
