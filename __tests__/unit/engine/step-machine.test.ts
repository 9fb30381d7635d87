import { describe, expect, it } from '@jest/globals';
import { buildProgram } from '../../../src/core/engine/program.js';
import { StepMachine, type Decision } from '../../../src/core/engine/step-machine.js';
import type { AttemptOutcome } from '../../../src/core/engine/termination.js';
import type { StepPlan } from '../../../src/core/plan/model.js';
import { container, group, step } from './plan-fixtures.js';

const ok: AttemptOutcome = { exitCode: 0, timedOut: false, skipped: false, durationMs: 5 };
const fail = (exitCode = 1): AttemptOutcome => ({ exitCode, timedOut: false, skipped: false });

/**
 * Walks a pod the way the engine does: each container reaches its gate in order; engine
 * actions are answered at once; `outcomes` gives each run container's result in turn.
 */
function drive(steps: StepPlan[], outcomes: Record<string, AttemptOutcome[]>, vars = {}) {
  const program = buildProgram(steps);
  const machine = new StepMachine(program, vars);
  const trace: string[] = [];
  const used: Record<string, number> = {};
  for (const { name, step: owner } of program.containers) {
    let d: Decision = machine.decide(name, 0);
    while (d.kind !== 'run' && d.kind !== 'skip') {
      trace.push(`${d.kind}:${d.step.id}`);
      if (d.kind === 'parallel') machine.recordParallel(d.step.id, ['passed']);
      d = machine.decide(name, 0);
    }
    trace.push(`${d.kind}:${name}`);
    if (d.kind === 'run' && owner) {
      const list = outcomes[owner.id] ?? [ok];
      const i = used[owner.id] ?? 0;
      used[owner.id] = i + 1;
      machine.record(name, list[Math.min(i, list.length - 1)]!, 1);
    }
  }
  const status = (id: string) => machine.state(id).status;
  return { machine, trace, status, program };
}

describe('StepMachine', () => {
  it('runs every step when all pass', () => {
    const { trace, status, machine } = drive([step('a'), step('b')], {});
    expect(trace).toEqual(['run:s1-a', 'run:s2-b', 'run:shakedown-finish']);
    expect([status('a'), status('b')]).toEqual(['passed', 'passed']);
    expect(machine.passed).toBe(true);
  });

  it('skips later steps after a failure but runs always and failed steps', () => {
    const steps = [
      step('a'),
      step('b'),
      step('c'),
      step('d', { condition: 'always' }),
      step('e', { condition: 'failed' }),
    ];
    const { trace, status, machine } = drive(steps, { a: [fail()] });
    expect(trace).toEqual([
      'run:s1-a',
      'skip:s2-b',
      'skip:s3-c',
      'run:s4-d',
      'run:s5-e',
      'run:shakedown-finish',
    ]);
    expect(['a', 'b', 'c', 'd', 'e'].map(status)).toEqual([
      'failed',
      'skipped',
      'skipped',
      'passed',
      'passed',
    ]);
    expect(machine.state('b').reason).toBe('ConditionFalse');
    expect(machine.passed).toBe(false);
  });

  it('does not fail the run for an optional step', () => {
    const { status, machine } = drive([step('a', { optional: true }), step('b')], { a: [fail()] });
    expect([status('a'), status('b')]).toEqual(['failed', 'passed']);
    expect(machine.passed).toBe(true);
  });

  it('inverts the exit code of a negative step, but not a timeout', () => {
    const timedOut = { exitCode: 143, timedOut: true, skipped: false };
    const { status, machine } = drive(
      [
        step('n1', { negative: true }),
        step('n2', { negative: true, optional: true }),
        step('n3', { negative: true, condition: 'always' }),
      ],
      { n1: [fail(2)], n2: [ok], n3: [timedOut] },
    );
    expect([status('n1'), status('n2'), status('n3')]).toEqual(['passed', 'failed', 'timed_out']);
    expect(machine.state('n2').reason).toBe('NegativeStepSucceeded');
    expect(machine.state('n3').reason).toBe('Timeout');
  });

  it('retries until an attempt passes and skips the unused attempts', () => {
    const { trace, machine, status } = drive(
      [step('flaky', { retry: { count: 3 } }), step('next')],
      {
        flaky: [fail(), ok],
      },
    );
    expect(trace).toEqual([
      'run:s1-flaky',
      'run:s1-flaky-r1',
      'skip:s1-flaky-r2',
      'skip:s1-flaky-r3',
      'run:s2-next',
      'run:shakedown-finish',
    ]);
    expect(status('flaky')).toBe('passed');
    expect(machine.state('flaky').attempts.map((a) => a.status)).toEqual(['failed', 'passed']);
  });

  it('fails a step whose attempts are used up', () => {
    const { status, machine } = drive([step('x', { retry: { count: 1 } })], {
      x: [fail(), fail(3)],
    });
    expect(status('x')).toBe('failed');
    expect(machine.state('x').attempts).toHaveLength(2);
    expect(machine.passed).toBe(false);
  });

  it('stops retrying when retry.until holds', () => {
    const { trace } = drive([step('x', { retry: { count: 2, until: 'failed' } })], { x: [fail()] });
    expect(trace.slice(0, 3)).toEqual(['run:s1-x', 'skip:s1-x-r1', 'skip:s1-x-r2']);
  });

  it('keeps a failure inside an optional group', () => {
    const steps = [
      group('g', [step('g1'), step('g2'), step('g3', { condition: 'failed' })], { optional: true }),
      step('after'),
    ];
    const { status, machine } = drive(steps, { g1: [fail()] });
    expect(['g', 'g1', 'g2', 'g3', 'after'].map(status)).toEqual([
      'failed',
      'failed',
      'skipped',
      'passed',
      'passed',
    ]);
    expect(machine.passed).toBe(true);
  });

  it('skips a whole group whose condition is false', () => {
    const steps = [step('a'), group('g', [step('g1'), step('g2')], { condition: 'failed' })];
    const { trace, status } = drive(steps, {});
    expect(trace).toEqual(['run:s1-a', 'skip:s2-g1', 'skip:s3-g2', 'run:shakedown-finish']);
    expect(['g', 'g1', 'g2'].map(status)).toEqual(['skipped', 'skipped', 'skipped']);
  });

  it('evaluates conditions with the given variables', () => {
    const steps = [
      step('a', { condition: "config.browser == 'firefox'" }),
      step('b', { condition: "config.browser == 'chrome'" }),
    ];
    const { status } = drive(steps, {}, { config: { browser: 'chrome' } });
    expect([status('a'), status('b')]).toEqual(['skipped', 'passed']);
  });

  it('knows success, error and status as Testkube spells them', () => {
    const steps = [
      step('a'),
      step('b', { condition: "status == 'failed' || error" }),
      step('c', { retry: { count: 1, until: "self.status == 'passed'" } }),
    ];
    const { status, machine } = drive(steps, { c: [fail(), ok] });
    expect([status('a'), status('b'), status('c')]).toEqual(['passed', 'skipped', 'passed']);
    expect(machine.state('c').attempts).toHaveLength(2);
  });

  it("sees the step's own literal env values as env.*", () => {
    const withEnv = (value: string) => container({ env: [{ name: 'MODE', value }] });
    const steps = [
      step('a', { condition: "passed && env.MODE == 'full'", container: withEnv('full') }),
      step('b', { condition: "env.MODE == 'full'", container: withEnv('quick') }),
    ];
    const { status } = drive(steps, {}, { env: {} });
    expect([status('a'), status('b')]).toEqual(['passed', 'skipped']);
  });

  it('reports a broken condition as an error of the step', () => {
    const { status, machine } = drive([step('a', { condition: 'nope.x' }), step('b')], {});
    expect(status('a')).toBe('error');
    expect(machine.state('a').message).toMatch(/condition: .*nope/);
    expect(status('b')).toBe('skipped');
  });

  it('asks for delays, parallel workers and artifact collection at the right moments', () => {
    const steps = [
      step('a', { delayMs: 500, artifacts: { paths: ['out/*.xml'] } }),
      step('par', {
        container: undefined,
        parallel: { parallelism: 1, failFast: false, workers: [] },
      }),
    ];
    const { trace, status } = drive(steps, {});
    expect(trace).toEqual([
      'delay:a',
      'run:s1-a',
      'collect:a',
      'parallel:par',
      'run:shakedown-finish',
    ]);
    expect(status('par')).toBe('passed');
  });

  it('fails a parallel step whose worker failed', () => {
    const program = buildProgram([
      step('par', {
        container: undefined,
        parallel: { parallelism: 1, failFast: false, workers: [] },
      }),
    ]);
    const machine = new StepMachine(program, {});
    expect(machine.decide('shakedown-finish', 0)).toMatchObject({ kind: 'parallel' });
    machine.recordParallel('par', ['passed', 'failed']);
    expect(machine.decide('shakedown-finish', 0)).toMatchObject({ kind: 'run' });
    expect(machine.state('par').status).toBe('failed');
    expect(machine.passed).toBe(false);
  });

  it('on abort keeps finished results, cuts the running step and cancels the rest', () => {
    const program = buildProgram([step('a'), group('g', [step('b'), step('c')]), step('d')]);
    const machine = new StepMachine(program, {});
    machine.decide('s1-a', 0);
    machine.record('s1-a', ok, 10);
    expect(machine.decide('s2-b', 20)).toMatchObject({ kind: 'run' });
    machine.abort('timed_out', 50);
    expect(['a', 'g', 'b', 'c', 'd'].map((id) => machine.state(id).status)).toEqual([
      'passed',
      'timed_out',
      'timed_out',
      'cancelled',
      'cancelled',
    ]);
    expect(machine.state('b').attempts[0]?.durationMs).toBe(30);
    expect(machine.state('d').reason).toBe('NotReached');
  });

  it('on an error before a container starts, blames its step', () => {
    const program = buildProgram([step('a'), step('b'), step('c', { condition: 'always' })]);
    const machine = new StepMachine(program, {});
    machine.decide('s1-a', 0);
    machine.record('s1-a', ok, 1);
    machine.abort('error', 2, {
      container: 's2-b',
      reason: 'ErrImageNeverPull',
      message: 'image x is not present',
    });
    expect(['a', 'b', 'c'].map((id) => machine.state(id).status)).toEqual([
      'passed',
      'error',
      'cancelled',
    ]);
    expect(machine.state('b').reason).toBe('ErrImageNeverPull');
  });
});
