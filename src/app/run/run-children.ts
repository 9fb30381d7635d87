// The child runs of an execute step: each another workflow's plan, run in the parent run's
// namespace like a parallel worker (its own gated pod, its services reached through
// hostAliases, everything labelled with the run id and removed by its scope label as soon as
// it ends), at most `parallelism` at once, while the parent pod waits at its next gate. A child
// names its objects with its own id (childNameId), so its pods, workers and services never
// collide with the parent's or a sibling's. The step's own timeout bounds the child runs.
import { stepResults, type PodRecord } from '../../core/engine/assemble.js';
import { seconds, statusMark } from '../../core/engine/format.js';
import { RUN_ID, SCOPE } from '../../core/engine/labels.js';
import { childNameId } from '../../core/engine/names.js';
import type { Vars } from '../../core/expr/index.js';
import type { ChildRunPlan, StepPlan } from '../../core/plan/model.js';
import type { ChildRunResult, StepStatus } from '../../core/results/index.js';
import { errorMessage, RunError, Stopped, stopReason } from './run-context.js';
import { newRecord, runPod, stepServices, type PodJob, type PodSite } from './run-pods.js';
import { startServices, type StartedServices } from './services.js';

const CHILD_KINDS = [
  { apiVersion: 'v1', kind: 'Pod' },
  { apiVersion: 'v1', kind: 'ConfigMap' },
];

export interface ExecuteOutcome {
  runs: ChildRunResult[];
  timedOut: boolean;
}

export async function runChildren(
  site: PodSite,
  step: StepPlan,
  parent: PodJob,
  attempt: number,
): Promise<ExecuteOutcome> {
  const { ctx } = site;
  const execute = step.execute!;
  const queue = [...execute.runs];
  const width = Math.max(1, Math.min(execute.parallelism, queue.length));
  const tag = attempt > 1 ? ` (attempt ${attempt})` : '';
  ctx.log(`${parent.prefix}⇶ ${step.name}${tag}: ${queue.length} child run(s), ${width} at a time`);
  if (execute.async) {
    ctx.log(
      `${parent.prefix}ℹ ${step.name}: async is set, but Shakedown waits for the child runs (the run's namespace goes when it ends) and their outcome counts`,
    );
  }
  const timer = new AbortController();
  const signals = [parent.signal, timer.signal];
  let timedOut = false;
  if (step.timeoutMs !== undefined) {
    const ms = step.timeoutMs;
    void ctx.clock.sleep(ms, AbortSignal.any(signals)).then(() => {
      if (timer.signal.aborted || parent.signal.aborted) return;
      timedOut = true;
      timer.abort(
        new Stopped({
          status: 'timed_out',
          reason: 'Timeout',
          message: `the child runs of '${step.name}' did not end within its timeout (${seconds(ms)})`,
        }),
      );
    });
  }
  const signal = AbortSignal.any(signals);
  const results: ChildRunResult[] = [];
  const lane = async (): Promise<void> => {
    for (let run = queue.shift(); run; run = queue.shift()) {
      results.push(await runChild(site, step, parent, run, signal));
    }
  };
  try {
    await Promise.all(Array.from({ length: width }, lane));
  } finally {
    if (!timer.signal.aborted) timer.abort();
  }
  if (parent.signal.aborted) throw new Stopped(stopReason(parent.signal));
  return { runs: results.sort((a, b) => a.index - b.index), timedOut };
}

async function runChild(
  site: PodSite,
  step: StepPlan,
  parent: PodJob,
  run: ChildRunPlan,
  signal: AbortSignal,
): Promise<ChildRunResult> {
  const { ctx } = site;
  if (run.refused) return refusedRun(site, parent, run);
  const nameId = childNameId(site.nameId ?? ctx.runId, step.id, run.index);
  const name = `sd-${nameId}`;
  const folder = [parent.folder, step.id, String(run.index + 1)].filter(Boolean).join('/');
  const prefix = `${parent.prefix}[${run.name}] `;
  const labels = { ...run.plan.labels, [SCOPE]: name };
  const child: PodSite = { ...site, plan: run.plan, nameId };
  const close = ctx.group(`${parent.prefix}${step.name} → ${run.name}`);
  const started = ctx.clock.now();
  let vars: Vars = {
    config: run.plan.config,
    workflow: { name: run.plan.workflow },
    execution: { id: ctx.runId, name: `${run.plan.workflow}-${nameId}`, number: 1 },
    namespace: ctx.namespace,
    services: {},
  };
  let record: PodRecord | undefined;
  let services: StartedServices | undefined;
  let status: StepStatus;
  let error: ChildRunResult['error'];
  ctx.log(`${prefix}▶ ${run.plan.workflow}`);
  try {
    if (signal.aborted) throw new Stopped(stopReason(signal));
    services = await startServices(ctx, [...run.plan.services, ...stepServices(run.plan.steps)], {
      dns: false,
      vars,
      labels,
      activeDeadlineSeconds: site.activeDeadlineSeconds,
      prefix,
      logDir: ['logs', folder, 'services'].join('/'),
      watcher: site.pods,
      signal,
      nameId,
      toolboxImage: site.toolboxImage,
    });
    vars = { ...vars, services: services.vars };
    record = newRecord(run.plan.steps, vars);
    const job: PodJob = {
      name,
      role: 'worker',
      steps: run.plan.steps,
      content: run.plan.content,
      contentPath: 'spec.content',
      vars,
      labels,
      prefix,
      folder,
      hostAliases: services.hostAliases,
      signal,
      // A child's services held for a transfer take their files from the child's own pod.
      services,
    };
    await runPod(child, job, record);
    status = record.machine.passed ? 'passed' : 'failed';
  } catch (caught) {
    record ??= newRecord(run.plan.steps, vars);
    const interrupt = caught instanceof Stopped ? caught.interrupt : undefined;
    const reason =
      interrupt?.reason ??
      (caught instanceof RunError && caught.reason ? caught.reason : 'EngineError');
    if (!record.machine.done) {
      record.machine.abort(interrupt?.status ?? 'error', ctx.clock.now(), {
        reason,
        message: errorMessage(caught),
      });
    }
    status = ctx.signal.aborted ? stopReason(ctx.signal).status : (interrupt?.status ?? 'error');
    error = { message: errorMessage(caught), reason };
    if (!interrupt) ctx.log(`${prefix}✖ ${errorMessage(caught)}`);
  } finally {
    await services?.stop(record?.machine.passed ?? false);
    await ctx.kube
      .deleteCollection(ctx.namespace, CHILD_KINDS, `${RUN_ID}=${ctx.runId},${SCOPE}=${name}`)
      .catch((caught: unknown) =>
        ctx.log(`${prefix}⚠ could not remove the child run's pods: ${errorMessage(caught)}`),
      );
    close();
  }
  const durationMs = ctx.clock.now() - started;
  ctx.log(
    `${prefix}${statusMark(status)} ${run.plan.workflow} ${status} in ${seconds(durationMs)}`,
  );
  return {
    index: run.index,
    name: run.name,
    workflow: run.plan.workflow,
    status,
    durationMs,
    startMs: Math.max(0, started - ctx.origin),
    matrix: run.matrix,
    shard: run.shard,
    ...(error && { error }),
    services: services?.results ?? [],
    steps: stepResults(run.plan.steps, record, ctx.origin),
  };
}

/** A child whose workflow cannot run fails as it is reached, as Testkube's would, with why. */
function refusedRun(site: PodSite, parent: PodJob, run: ChildRunPlan): ChildRunResult {
  const prefix = `${parent.prefix}[${run.name}] `;
  const problems = run.refused ?? [];
  const message = `TestWorkflow '${run.plan.workflow}' cannot run:\n${problems.join('\n')}`;
  for (const line of message.split('\n')) site.ctx.log(`${prefix}✖ ${line}`);
  return {
    index: run.index,
    name: run.name,
    workflow: run.plan.workflow,
    status: 'failed',
    durationMs: 0,
    matrix: run.matrix,
    shard: run.shard,
    error: { message, reason: 'Refused' },
    services: [],
    steps: [],
  };
}
