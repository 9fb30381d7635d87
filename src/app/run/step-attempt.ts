// One attempt of one step in a gated pod: follow its log, wait for its container to end (with
// a backstop beyond the step's own timeout, in case the wrapper itself is stuck), record the
// outcome and save the log.
import type { StepOutputs } from '../../core/engine/assemble.js';
import { seconds, statusMark } from '../../core/engine/format.js';
import { containerView, podProblem } from '../../core/engine/pod-status.js';
import { readOutcome, type TerminatedState } from '../../core/engine/termination.js';
import type { StepPlan } from '../../core/plan/model.js';
import type { StepStatus } from '../../core/results/index.js';
import type { GatedPodRun } from './gated-pod.js';
import { followLog } from './log-follow.js';
import { WaitTimeout } from './object-watcher.js';
import { RunError, Stopped } from './run-context.js';

/** Grace beyond a step's own timeout before the engine stops waiting for the wrapper. */
const STEP_BACKSTOP_MS = 60_000;

export async function runAttempt(
  run: GatedPodRun,
  pod: string,
  container: string,
  step: StepPlan,
  attempt: number,
  out: StepOutputs,
): Promise<void> {
  const { ctx } = run;
  const { machine } = run.record;
  ctx.log(`${run.prefix}▶ ${step.name}${attemptLabel(attempt)}`);
  // In a worker of one step, the worker's prefix says it all.
  const single = run.program.steps.size === 1;
  const log = followLog(
    ctx,
    pod,
    container,
    single && run.prefix ? run.prefix.trim() : `${run.prefix}[${shorten(step.name)}]`,
  );
  let terminated: TerminatedState;
  try {
    terminated = await run.watcher.waitFor(
      pod,
      (state) => {
        if (state.deleted)
          throw new RunError(
            `${describePod(run)} was deleted while '${step.name}' ran`,
            'PodDeleted',
          );
        if (!state.object) return undefined;
        const view = containerView(state.object, container);
        if (view?.phase === 'terminated') return view.terminated!;
        const problem = podProblem(state.object, true);
        if (problem)
          throw new RunError(
            `${describePod(run)}: ${problem.reason}: ${problem.message}`,
            problem.reason,
          );
        return undefined;
      },
      {
        signal: run.signal,
        timeoutMs: step.timeoutMs === undefined ? undefined : step.timeoutMs + STEP_BACKSTOP_MS,
        what: `step '${step.name}'`,
      },
    );
  } catch (error) {
    log.stop();
    await log.done;
    await saveLog(run, step, attempt, log.text(), out);
    if (error instanceof WaitTimeout) {
      throw new Stopped({
        status: 'timed_out',
        reason: 'Timeout',
        message: `step '${step.name}' did not end within its timeout`,
      });
    }
    throw error;
  }
  const status = machine.record(container, readOutcome(terminated), ctx.clock.now());
  await Promise.race([log.done, ctx.clock.sleep(5000, run.signal)]);
  log.stop();
  await saveLog(run, step, attempt, log.text(), out);
  const record = machine.state(step.id).attempts.at(-1)!;
  const detail =
    status === 'passed'
      ? ''
      : `: ${describeOutcome(record.outcome.exitCode, status, record.outcome.message)}`;
  ctx.log(
    `${run.prefix}${statusMark(status)} ${step.name}${attemptLabel(attempt)} ${status} in ${seconds(record.durationMs)}${detail}`,
  );
}

async function saveLog(
  run: GatedPodRun,
  step: StepPlan,
  attempt: number,
  text: string,
  out: StepOutputs,
): Promise<void> {
  const file = join('logs', run.folder, `${step.id}.log`);
  const header = attempt > 1 ? `--- attempt ${attempt} ---\n` : '';
  if (attempt > 1 || out.logFile) await run.ctx.sink.append(file, header + text);
  else await run.ctx.sink.write(file, text);
  out.logFile = file;
}

function describeOutcome(exitCode: number, status: StepStatus, message?: string): string {
  if (message) return message;
  if (status === 'timed_out') return 'timed out';
  return `exit code ${exitCode}`;
}

/** Step names derived from scripts can be long; a console prefix should not be. */
function shorten(name: string): string {
  return name.length <= 32 ? name : `${name.slice(0, 31)}…`;
}

export function attemptLabel(attempt: number | undefined): string {
  return attempt && attempt > 1 ? ` (retry ${attempt - 1})` : '';
}

export function describePod(run: GatedPodRun): string {
  return run.prefix ? `worker ${run.prefix.trim()}` : 'the workflow pod';
}

export function join(...parts: string[]): string {
  return parts.filter(Boolean).join('/');
}
