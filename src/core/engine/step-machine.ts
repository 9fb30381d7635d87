// Decides, container by container, what a pod does next, with Testkube's semantics:
// - `condition` is evaluated when the step is reached; `passed`/`failed` say whether a
//   non-optional failure has happened in the step's scope (the whole run, or the enclosing
//   optional group, whose failure does not escape it);
// - `optional` failures do not fail the parent; `negative` inverts the exit code;
// - `retry.count` extra attempts run until `retry.until` (default `passed`) holds;
// - a timed-out or errored attempt is a failure that `negative` does not invert;
// - a group fails when a non-optional child (or worker) failed.
// Pure: the engine feeds it container names in pod order, outcomes and the current time.
import type { Vars } from '../expr/index.js';
import type { StepPlan } from '../plan/model.js';
import type { StepStatus } from '../results/index.js';
import { FINISH_CONTAINER } from './names.js';
import { executeVerdict } from './execute-rules.js';
import { withEnv } from './render.js';
import type { Instruction, PodProgram } from './program.js';
import {
  attemptStatus,
  decideExpression,
  isFailure,
  outcomeVars,
  reasonOf,
  type AbortStatus,
  type Decision,
  type StepState,
} from './step-rules.js';
import type { AttemptOutcome } from './termination.js';

export type { AbortStatus, AttemptRecord, Decision, StepState } from './step-rules.js';

export class StepMachine {
  private pc = 0;
  private pendingAttempt?: { container: string; step: StepPlan; startedAt: number };
  private pendingParallel?: StepPlan;
  private pendingExecute?: { step: StepPlan; attempt: number; startedAt: number };
  private rootFailed = false;
  private finished = false;
  private readonly states = new Map<string, StepState>();
  private readonly containerIndex = new Map<string, number>();

  constructor(
    private readonly program: PodProgram,
    /** Variables every condition sees (config, execution, services, env…). */
    private readonly vars: Vars,
  ) {
    for (const step of program.steps.values())
      this.states.set(step.id, { attempts: [], failed: false });
    program.instructions.forEach((ins, i) => {
      if (ins.kind === 'attempt') this.containerIndex.set(ins.container, i);
    });
  }

  /** Whether no non-optional failure happened in the whole pod. */
  get passed(): boolean {
    return !this.rootFailed;
  }

  state(stepId: string): StepState {
    const state = this.states.get(stepId);
    if (!state) throw new Error(`unknown step '${stepId}'`);
    return state;
  }

  /**
   * What to do now that `container` waits at its gate. Returns engine actions (delay, parallel,
   * collect) first, one per call; call again until the answer is `run` or `skip` for it.
   */
  decide(container: string, now: number): Decision {
    if (this.pendingAttempt)
      throw new Error(`attempt ${this.pendingAttempt.container} has no outcome yet`);
    if (this.pendingParallel)
      throw new Error(`parallel step ${this.pendingParallel.id} has no result yet`);
    if (this.pendingExecute)
      throw new Error(`execute step ${this.pendingExecute.step.id} has no result yet`);
    const target =
      container === FINISH_CONTAINER
        ? this.program.instructions.length
        : this.containerIndex.get(container);
    if (target === undefined) throw new Error(`unknown container '${container}'`);
    while (this.pc < target) {
      const action = this.advance(now);
      if (action) return action;
    }
    if (target < this.pc) {
      // Jumped over by a false condition: the container still has to pass its gate.
      const ins = this.program.instructions[target] as Extract<Instruction, { kind: 'attempt' }>;
      return { kind: 'skip', container, step: ins.step };
    }
    if (container === FINISH_CONTAINER) {
      this.finished = true;
      return { kind: 'run', container };
    }
    const ins = this.program.instructions[target] as Extract<Instruction, { kind: 'attempt' }>;
    this.pc++;
    const state = this.state(ins.step.id);
    if (ins.attempt > 1 && (state.untilMet || state.attempts.length < ins.attempt - 1)) {
      return { kind: 'skip', container, step: ins.step };
    }
    this.pendingAttempt = { container, step: ins.step, startedAt: now };
    return { kind: 'run', container, step: ins.step, attempt: ins.attempt };
  }

  /** The outcome of the attempt that ran in `container`; returns the attempt's status. */
  record(container: string, outcome: AttemptOutcome, now: number): StepStatus {
    const pending = this.pendingAttempt;
    if (!pending || pending.container !== container)
      throw new Error(`no attempt running in '${container}'`);
    this.pendingAttempt = undefined;
    const step = pending.step;
    const state = this.state(step.id);
    const status = attemptStatus(step, outcome);
    state.attempts.push({
      container,
      status,
      outcome,
      durationMs: outcome.durationMs ?? Math.max(0, now - pending.startedAt),
      startedAt: pending.startedAt,
    });
    this.afterAttempt(step, status, outcome.reason ?? reasonOf(status, outcome), outcome.message);
    return status;
  }

  /** The statuses of the child runs of the execute attempt returned by `decide`. */
  recordExecute(stepId: string, runs: StepStatus[], now: number, timedOut = false): StepStatus {
    const pending = this.pendingExecute;
    if (pending?.step.id !== stepId) throw new Error(`execute step '${stepId}' is not running`);
    this.pendingExecute = undefined;
    const step = pending.step;
    const { status, reason, message } = executeVerdict(step, runs, timedOut);
    this.state(step.id).attempts.push({
      container: `execute#${pending.attempt}`,
      status,
      outcome: { exitCode: -1, timedOut, skipped: false },
      durationMs: Math.max(0, now - pending.startedAt),
      startedAt: pending.startedAt,
    });
    this.afterAttempt(step, status, reason, message);
    return status;
  }

  /** Retries while `retry.until` is false; else settles the step's own outcome. */
  private afterAttempt(
    step: StepPlan,
    status: StepStatus,
    reason: string | undefined,
    message: string | undefined,
  ): void {
    const state = this.state(step.id);
    const remaining = 1 + (step.retry?.count ?? 0) - state.attempts.length;
    if (remaining > 0) {
      const until = step.retry?.until ?? 'passed';
      const verdict = decideExpression(until, this.untilVars(status));
      if (verdict.error) {
        state.untilMet = true;
        this.settleOwn(step, 'error', 'ExpressionError', `retry.until: ${verdict.error}`);
        return;
      }
      state.untilMet = verdict.value;
      if (!verdict.value) return;
    }
    this.settleOwn(step, status, reason, message);
  }

  /** Statuses of the workers of the parallel step returned by `decide`. */
  recordParallel(stepId: string, workers: StepStatus[]): void {
    if (this.pendingParallel?.id !== stepId)
      throw new Error(`parallel step '${stepId}' is not running`);
    const step = this.pendingParallel;
    this.pendingParallel = undefined;
    this.state(stepId).workers = workers;
    if (workers.some(isFailure)) this.fail(step);
  }

  /**
   * Ends the pod early. The running attempt (or, for an error before a container could start,
   * the step of `at`) gets `status`. Steps whose work was complete keep their result; steps cut
   * short get `status`; steps never reached are `cancelled`.
   */
  abort(
    status: AbortStatus,
    now: number,
    at?: { container?: string; reason: string; message: string },
  ): void {
    const culprit =
      this.pendingAttempt?.step ?? this.pendingExecute?.step ?? this.stepOf(at?.container);
    if (this.pendingExecute) {
      const pending = this.pendingExecute;
      this.pendingExecute = undefined;
      this.state(pending.step.id).attempts.push({
        container: `execute#${pending.attempt}`,
        status,
        outcome: { exitCode: -1, timedOut: status === 'timed_out', skipped: false },
        durationMs: Math.max(0, now - pending.startedAt),
        startedAt: pending.startedAt,
      });
    }
    if (this.pendingAttempt) {
      const pending = this.pendingAttempt;
      this.pendingAttempt = undefined;
      this.state(pending.step.id).attempts.push({
        container: pending.container,
        status,
        outcome: { exitCode: -1, timedOut: status === 'timed_out', skipped: false },
        durationMs: Math.max(0, now - pending.startedAt),
        startedAt: pending.startedAt,
      });
    }
    const cut = new Set<string>();
    if (culprit) {
      const state = this.state(culprit.id);
      Object.assign(state, {
        status,
        reason: at?.reason ?? state.reason,
        message: at?.message ?? state.message,
      });
      state.startedAt ??= now;
      state.endedAt = now;
      cut.add(culprit.id);
    }
    const settle = (step: StepPlan): void => {
      step.steps.forEach(settle);
      const state = this.state(step.id);
      if (state.endedAt !== undefined) return;
      const childrenCut = step.steps.some((child) => cut.has(child.id));
      if (state.startedAt !== undefined && !childrenCut && this.workDone(step)) {
        this.settleGroup(step, now);
        return;
      }
      cut.add(step.id);
      state.endedAt = now;
      if (state.startedAt !== undefined || childrenCut) {
        state.startedAt ??= now;
        state.status ??= status;
      } else {
        Object.assign(state, {
          status: 'cancelled',
          reason: 'NotReached',
          message: `not reached: the run ended early (${status})`,
          startedAt: now,
        });
      }
    };
    [...this.program.steps.values()].filter((s) => !this.program.parents.has(s.id)).forEach(settle);
    this.rootFailed = true;
    this.finished = true;
  }

  /** The step's own attempts and workers are over (its children are checked separately). */
  private workDone(step: StepPlan): boolean {
    const state = this.state(step.id);
    if (step.parallel && state.workers === undefined) return false;
    if (!step.container && !step.execute) return true;
    const allowed = 1 + (step.retry?.count ?? 0);
    return (
      state.attempts.length > 0 &&
      (state.untilMet === true || state.attempts.length >= allowed || state.status !== undefined)
    );
  }

  get done(): boolean {
    return this.finished;
  }

  private stepOf(container: string | undefined): StepPlan | undefined {
    if (container === undefined) return undefined;
    const index = this.containerIndex.get(container);
    const ins = index === undefined ? undefined : this.program.instructions[index];
    return ins && ins.kind === 'attempt' ? ins.step : undefined;
  }

  /** Runs one non-container instruction; returns an engine action when it needs one. */
  private advance(now: number): Decision | undefined {
    const ins = this.program.instructions[this.pc]!;
    switch (ins.kind) {
      case 'enter': {
        const state = this.state(ins.step.id);
        const verdict = decideExpression(ins.step.condition, this.conditionVars(ins.step));
        if (verdict.error || !verdict.value) {
          this.skipSubtree(ins.step, now);
          if (verdict.error) {
            Object.assign(state, {
              status: 'error',
              reason: 'ExpressionError',
              message: `condition: ${verdict.error}`,
            });
            this.fail(ins.step);
          }
          this.pc = ins.exitIndex + 1;
          return undefined;
        }
        state.startedAt = now;
        this.pc++;
        return ins.step.delayMs
          ? { kind: 'delay', step: ins.step, ms: ins.step.delayMs }
          : undefined;
      }
      case 'attempt': {
        // Only reached for attempts the pod already passed: nothing to decide.
        this.pc++;
        return undefined;
      }
      case 'parallel':
        this.pc++;
        this.pendingParallel = ins.step;
        return { kind: 'parallel', step: ins.step };
      case 'execute': {
        this.pc++;
        const state = this.state(ins.step.id);
        if (ins.attempt > 1 && (state.untilMet || state.attempts.length < ins.attempt - 1))
          return undefined;
        this.pendingExecute = { step: ins.step, attempt: ins.attempt, startedAt: now };
        return { kind: 'execute', step: ins.step, attempt: ins.attempt };
      }
      case 'exit': {
        this.pc++;
        this.settleGroup(ins.step, now);
        if (!ins.step.artifacts) return undefined;
        // An execute attempt ran no container of this pod: its files, if any, are on /data.
        const last = ins.step.execute ? undefined : this.state(ins.step.id).attempts.at(-1);
        return { kind: 'collect', step: ins.step, container: last?.container };
      }
    }
  }

  private settleOwn(step: StepPlan, status: StepStatus, reason?: string, message?: string): void {
    const state = this.state(step.id);
    state.reason = reason;
    state.message = message;
    if (isFailure(status)) {
      state.status = status;
      this.fail(step);
    }
  }

  private settleGroup(step: StepPlan, now: number): void {
    const state = this.state(step.id);
    state.endedAt = now;
    if (state.status !== undefined) return;
    const last = state.attempts.at(-1);
    if (state.failed) {
      state.status = 'failed';
      return;
    }
    const children = step.steps.map((child) => this.state(child.id).status);
    const ranSomething =
      last !== undefined ||
      (state.workers?.length ?? 0) > 0 ||
      children.some((s) => s !== 'skipped') ||
      (step.steps.length === 0 && !step.parallel);
    state.status = last ? last.status : ranSomething ? 'passed' : 'skipped';
  }

  private skipSubtree(step: StepPlan, now: number): void {
    const state = this.state(step.id);
    state.status = 'skipped';
    state.reason = 'ConditionFalse';
    state.message = `condition '${step.condition}' was false`;
    state.startedAt = now;
    state.endedAt = now;
    const mark = (s: StepPlan): void => {
      for (const child of s.steps) {
        Object.assign(this.state(child.id), {
          status: 'skipped',
          reason: 'ParentSkipped',
          startedAt: now,
          endedAt: now,
        });
        mark(child);
      }
    };
    mark(step);
  }

  /** Marks a failure on the step and every ancestor up to (and including) the first optional one. */
  private fail(step: StepPlan): void {
    let current: StepPlan | undefined = step;
    while (current) {
      this.state(current.id).failed = true;
      if (current.optional) return;
      const parent = this.program.parents.get(current.id);
      current = parent === undefined ? undefined : this.program.steps.get(parent);
    }
    this.rootFailed = true;
  }

  /** `passed` is false once a failure reached the step's scope (any ancestor, or the root). */
  private conditionVars(step: StepPlan): Vars {
    let failed = this.rootFailed;
    for (
      let id = this.program.parents.get(step.id);
      id !== undefined && !failed;
      id = this.program.parents.get(id)
    ) {
      failed = this.state(id).failed;
    }
    return {
      ...withEnv(this.vars, step.container),
      ...outcomeVars(!failed),
      always: true,
      never: false,
    };
  }

  private untilVars(status: StepStatus): Vars {
    const own = outcomeVars(status === 'passed');
    return { ...this.vars, ...own, self: own, always: true, never: false };
  }
}
