// Drives one gated pod (the workflow's, or a parallel worker's) through its containers: wait
// until the next container is at its gate, let the step machine decide, do what it asks
// (delay, parallel workers, artifact copy), open the gate through exec, follow the logs, and
// read the outcome from the termination message. See docs/architecture.md.
import type { PodRecord, StepOutputs } from '../../core/engine/assemble.js';
import { seconds, statusMark } from '../../core/engine/format.js';
import type { GatedPod } from '../../core/engine/pod-builder.js';
import {
  containerView,
  podPhase,
  podProblem,
  type PodProblem,
} from '../../core/engine/pod-status.js';
import type { PodProgram } from '../../core/engine/program.js';
import { gateCommand, unpackCommand, type GateDecision } from '../../core/engine/wrapper.js';
import type { StepPlan } from '../../core/plan/model.js';
import type { StepStatus } from '../../core/results/index.js';
import { createObject } from './create-object.js';
import { execWithRetry } from './exec-retry.js';
import { collectArtifacts } from './collect-artifacts.js';
import { attemptLabel, describePod, join, runAttempt } from './step-attempt.js';
import { WaitTimeout, type ObjectWatcher } from './object-watcher.js';
import { errorMessage, RunError, Stopped, throwIfStopped, type RunContext } from './run-context.js';

export interface GatedPodRun {
  ctx: RunContext;
  watcher: ObjectWatcher;
  objects: GatedPod;
  program: PodProgram;
  record: PodRecord;
  /** Console prefix of this pod's lines, e.g. `[e2e #2]` (empty for the workflow pod). */
  prefix: string;
  /** Output sub-folder of this pod's logs and artifacts ('' for the workflow pod). */
  folder: string;
  /** Stops this pod (the run's signal, or a worker's own for failFast). */
  signal: AbortSignal;
  /** Runs a parallel step's workers while this pod waits at the gate of `waitingIn`. */
  runParallel(step: StepPlan, waitingIn: string): Promise<StepStatus[]>;
  /** One attempt of an execute step: its child runs' statuses, and whether its timeout hit. */
  runExecute(
    step: StepPlan,
    attempt: number,
  ): Promise<{ statuses: StepStatus[]; timedOut: boolean }>;
  /** --upload archive, unpacked into /data before the first step. */
  upload?: Buffer;
  /** Called once the first container is at its gate, after the upload: transfers in, start barrier. */
  prepare?(pod: string, container: string): Promise<void>;
  /** Called when the steps are done and the finish container is at its gate: fetches out. */
  beforeFinish?(pod: string, container: string): Promise<void>;
}

type Arrival = { kind: 'gate' } | { kind: 'problem'; problem: PodProblem };

/** Runs the pod to its end; results accumulate in `run.record`, also when this throws. */
export async function runGatedPod(run: GatedPodRun): Promise<void> {
  const { ctx, objects } = run;
  const { machine, outputs } = run.record;
  const pod = objects.pod.metadata.name;
  const output = (id: string): StepOutputs => {
    const existing = outputs.get(id);
    if (existing) return existing;
    const created: StepOutputs = { artifacts: [], suites: [] };
    outputs.set(id, created);
    return created;
  };
  try {
    if (objects.configMap) await ctx.kube.create(objects.configMap);
    await createObject(ctx, objects.pod);
    for (const container of run.program.containers) {
      const arrival = await waitArrival(run, pod, container.name);
      if (arrival.kind === 'problem') {
        const { problem } = arrival;
        machine.abort('error', ctx.clock.now(), problem);
        const owner = run.program.containers.find((c) => c.name === problem.container)?.step;
        const where = owner ? `step '${owner.name}' (${owner.path})` : describePod(run);
        // Setup and clone containers say why they failed only in their logs.
        const said = !owner && problem.container ? await logTail(ctx, pod, problem.container) : '';
        throw new RunError(
          `${where}: ${problem.reason}: ${problem.message}${said}`,
          problem.reason,
        );
      }
      if (container === run.program.containers[0]) {
        if (run.upload) await unpack(run, pod, container.name, run.upload);
        await run.prepare?.(pod, container.name);
      }
      let decision = machine.decide(container.name, ctx.clock.now());
      while (decision.kind !== 'run' && decision.kind !== 'skip') {
        if (decision.kind === 'delay') {
          ctx.log(`${run.prefix}⏸ ${decision.step.name}: waiting ${seconds(decision.ms)} (delay)`);
          await ctx.clock.sleep(decision.ms, run.signal);
        } else if (decision.kind === 'parallel') {
          const statuses = await run.runParallel(decision.step, container.name);
          machine.recordParallel(decision.step.id, statuses);
        } else if (decision.kind === 'execute') {
          const done = await run.runExecute(decision.step, decision.attempt);
          machine.recordExecute(decision.step.id, done.statuses, ctx.clock.now(), done.timedOut);
        } else {
          const step = decision.step;
          const collectStart = ctx.clock.now();
          const collected = await collectArtifacts(
            ctx,
            pod,
            container.name,
            step,
            objects.rendered.get(step.id),
            decision.container,
            join('artifacts', run.folder, step.id),
          );
          const out = output(step.id);
          const took = ctx.clock.now() - collectStart;
          out.collect = out.collect
            ? { ...out.collect, durationMs: out.collect.durationMs + took }
            : { startedAt: collectStart, durationMs: took };
          out.artifacts.push(...collected.files);
          out.suites.push(...collected.suites);
          collected.problems.forEach((p) => ctx.log(`${run.prefix}⚠ ${step.name}: ${p}`));
          if (collected.files.length > 0)
            ctx.log(`${run.prefix}📦 ${step.name}: ${collected.files.length} artifact(s)`);
        }
        throwIfStopped(run.signal);
        decision = machine.decide(container.name, ctx.clock.now());
      }
      if (!container.step) await run.beforeFinish?.(pod, container.name);
      await openGate(run, pod, container.name, decision.kind);
      if (decision.kind === 'skip') {
        // Unused retries are not news; a skipped step is.
        if ((container.attempt ?? 1) === 1) {
          ctx.log(`${run.prefix}${statusMark('skipped')} ${decision.step.name} skipped`);
        }
        continue;
      }
      if (!container.step) {
        await waitEnd(run, pod);
        break;
      }
      // The attempt's section runs from its ▶ line to its status line.
      const close = ctx.group(
        `${run.prefix}${container.step.name}${attemptLabel(container.attempt)}`,
      );
      try {
        await runAttempt(
          run,
          pod,
          container.name,
          container.step,
          container.attempt ?? 1,
          output(container.step.id),
        );
      } finally {
        close();
      }
    }
  } catch (error) {
    if (!machine.done) {
      const interrupt = error instanceof Stopped ? error.interrupt : undefined;
      const status = interrupt?.status ?? 'error';
      machine.abort(status, ctx.clock.now(), {
        reason: interrupt?.reason ?? reasonOf(error),
        message: errorMessage(error),
      });
    }
    throw error;
  }
}

/** Waits until the container runs (it is then at its gate) or the pod cannot get there. */
function waitArrival(run: GatedPodRun, pod: string, container: string): Promise<Arrival> {
  return run.watcher.waitFor<Arrival>(
    pod,
    (state) => {
      if (state.deleted) throw new RunError(`${describePod(run)} was deleted`, 'PodDeleted');
      if (!state.object) return undefined;
      const view = containerView(state.object, container);
      if (view?.phase === 'running') return { kind: 'gate' };
      const problem = podProblem(state.object, true);
      if (problem) return { kind: 'problem', problem };
      if (view?.phase === 'terminated') {
        return {
          kind: 'problem',
          problem: {
            reason: 'GateMissed',
            message: `container '${container}' ended before its gate was opened`,
            container,
          },
        };
      }
      return undefined;
    },
    { signal: run.signal, what: `container ${container}` },
  );
}

async function openGate(
  run: GatedPodRun,
  pod: string,
  container: string,
  decision: GateDecision,
): Promise<void> {
  const result = await execWithRetry(run.ctx, pod, container, gateCommand(container, decision));
  if (result.exitCode !== 0) {
    throw new RunError(
      `could not open the gate of ${container}: exit code ${result.exitCode} ${result.stderr.trim()}`,
      'GateFailed',
    );
  }
}

async function waitEnd(run: GatedPodRun, pod: string): Promise<void> {
  await run.watcher
    .waitFor(
      pod,
      (state) => {
        if (state.deleted || !state.object) return undefined;
        const phase = podPhase(state.object);
        return phase === 'Succeeded' || phase === 'Failed' ? phase : undefined;
      },
      { signal: run.signal, timeoutMs: 60_000, what: `${describePod(run)} to end` },
    )
    .catch((error: unknown) => {
      // Every step is done; a pod that is slow to end does not change the results.
      if (!(error instanceof WaitTimeout)) throw error;
    });
}

async function unpack(
  run: GatedPodRun,
  pod: string,
  container: string,
  archive: Buffer,
): Promise<void> {
  const result = await execWithRetry(run.ctx, pod, container, unpackCommand(), archive);
  if (result.exitCode !== 0) {
    throw new RunError(
      `could not unpack --upload into /data: ${result.stderr.trim() || `exit code ${result.exitCode}`}`,
      'UploadFailed',
    );
  }
  run.ctx.log(
    `${run.prefix}⇪ unpacked the upload (${Math.ceil(archive.length / 1024)} KiB) into /data`,
  );
}

/** The last lines a finished container wrote, as a suffix for an error message. */
async function logTail(ctx: RunContext, pod: string, container: string): Promise<string> {
  let text = '';
  await ctx.kube
    .followLogs(
      ctx.namespace,
      pod,
      container,
      (chunk) => (text += chunk),
      AbortSignal.timeout(5000),
    )
    .catch(() => undefined);
  const lines = ctx.mask(text).trimEnd().split('\n').filter(Boolean).slice(-10);
  return lines.length > 0 ? `\n${lines.map((l) => `  ${container}: ${l}`).join('\n')}` : '';
}

function reasonOf(error: unknown): string {
  return error instanceof RunError && error.reason ? error.reason : 'EngineError';
}
