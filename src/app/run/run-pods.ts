// The workflow pod and the parallel workers: each is a gated pod with its own step machine. A
// parallel step runs its workers as separate pods (at most `parallelism` at once), each with
// its own services, while the parent pod waits at its next gate; with failFast the first failed
// worker cancels the others.
import { stepResults, workerResult, type PodRecord } from '../../core/engine/assemble.js';
import { seconds, statusMark } from '../../core/engine/format.js';
import { RUN_ID, SCOPE } from '../../core/engine/labels.js';
import { workerPodName } from '../../core/engine/names.js';
import type { ImageCommand } from '../../core/engine/entrypoint.js';
import { buildGatedPod, type GatedPodInput } from '../../core/engine/pod-builder.js';
import { buildProgram } from '../../core/engine/program.js';
import { StepMachine } from '../../core/engine/step-machine.js';
import type { Vars } from '../../core/expr/index.js';
import type {
  ContentPlan,
  Plan,
  ServicePlan,
  StepPlan,
  WorkerPlan,
} from '../../core/plan/model.js';
import { isFailingStatus, type StepStatus, type WorkerResult } from '../../core/results/index.js';
import { runGatedPod } from './gated-pod.js';
import type { ObjectWatcher } from './object-watcher.js';
import { errorMessage, RunError, Stopped, stopReason, type RunContext } from './run-context.js';
import { runChildren } from './run-children.js';
import { startServices, type StartedServices } from './services.js';
import { StartBarrier } from './start-barrier.js';
import { expandWorkers } from './deferred-workers.js';
import { SourceCache, type PodSide } from './transfer-files.js';
import { workerFiles, type WorkerFiles } from './worker-files.js';

export interface PodSite {
  ctx: RunContext;
  pods: ObjectWatcher;
  plan: Plan;
  toolboxImage: string;
  gitImage: string;
  upload?: Buffer;
  activeDeadlineSeconds: number;
  /** Entrypoint and Cmd of the images of steps without command, read before the run. */
  imageCommands?: ReadonlyMap<string, ImageCommand>;
  /** Names this run's objects instead of the run id: set for the child runs of execute steps. */
  nameId?: string;
}

export interface PodJob {
  name: string;
  role: GatedPodInput['role'];
  steps: StepPlan[];
  content?: ContentPlan;
  /** Spec path of `content`, e.g. `spec.content`. */
  contentPath: string;
  vars: Vars;
  labels: Record<string, string>;
  prefix: string;
  folder: string;
  hostAliases?: { ip: string; hostnames: string[] }[];
  signal: AbortSignal;
  /** A worker's parallel.transfer / fetch. */
  files?: WorkerFiles;
  /** Services this pod started; those held for a transfer are released from it. */
  services?: StartedServices;
  /** parallel.paused: resolves once the sibling workers are at their first gate too. */
  hold?: () => Promise<void>;
}

/** A fresh record, so results exist even for a pod that never started. */
export function newRecord(steps: StepPlan[], vars: Vars): PodRecord {
  return {
    machine: new StepMachine(buildProgram(steps), vars),
    outputs: new Map(),
    workers: new Map(),
    executions: new Map(),
  };
}

export async function runPod(site: PodSite, job: PodJob, record: PodRecord): Promise<void> {
  const { ctx } = site;
  const program = buildProgram(job.steps);
  const objects = buildGatedPod({
    name: job.name,
    namespace: ctx.namespace,
    runId: ctx.runId,
    role: job.role,
    program,
    pod: site.plan.pod,
    labels: job.labels,
    ...(job.content && { content: { plan: job.content, path: job.contentPath } }),
    vars: job.vars,
    toolboxImage: site.toolboxImage,
    gitImage: site.gitImage,
    activeDeadlineSeconds: site.activeDeadlineSeconds,
    ...(job.hostAliases && { hostAliases: job.hostAliases }),
    ...(job.files?.sharedDirs.length && { sharedDirs: job.files.sharedDirs }),
    ...(site.imageCommands && { images: site.imageCommands }),
  });
  await runGatedPod({
    ctx,
    watcher: site.pods,
    objects,
    program,
    record,
    prefix: job.prefix,
    folder: job.folder,
    signal: job.signal,
    ...(site.upload && { upload: site.upload }),
    prepare: async (pod, container) => {
      await job.files?.prepare(pod, container);
      await job.services?.release({ pod, container, label: describeJob(job) });
      await job.hold?.();
    },
    ...(job.files && { beforeFinish: job.files.beforeFinish }),
    runParallel: async (step, waitingIn) => {
      const side: PodSide = { pod: job.name, container: waitingIn, label: describeJob(job) };
      // Workers decided at run time (glob) are expanded from the files of the waiting container.
      const parallel = await expandWorkers(site.ctx, step, side);
      const expanded = parallel === step.parallel ? step : { ...step, parallel };
      const workers = await runWorkers(site, expanded, job, side);
      record.workers.set(step.id, workers);
      return workers.map((w) => w.status);
    },
    runExecute: async (step, attempt) => {
      const outcome = await runChildren(site, step, job, attempt);
      record.executions.set(step.id, outcome.runs);
      return { statuses: outcome.runs.map((r) => r.status), timedOut: outcome.timedOut };
    },
  });
}

function describeJob(job: PodJob): string {
  return job.prefix ? `worker ${job.prefix.trim()}` : 'the workflow pod';
}

/** Services declared on steps (and their children), outside parallel workers. */
export function stepServices(steps: StepPlan[]): ServicePlan[] {
  return steps.flatMap((s) => [...s.services, ...stepServices(s.steps)]);
}

/** What the workers of one parallel step share: their parent's side, its archives, the barrier. */
interface Siblings {
  parent: PodSide;
  cache: SourceCache;
  barrier?: StartBarrier;
}

async function runWorkers(
  site: PodSite,
  step: StepPlan,
  parent: PodJob,
  parentSide: PodSide,
): Promise<WorkerResult[]> {
  const { ctx } = site;
  const parallel = step.parallel!;
  const siblings: Siblings = {
    parent: parentSide,
    cache: new SourceCache(),
    ...(parallel.paused && {
      barrier: new StartBarrier((n) =>
        ctx.log(`${parent.prefix}▶ ${step.name}: ${n} paused worker(s) released together`),
      ),
    }),
  };
  const failFast = new AbortController();
  const results: WorkerResult[] = [];
  const queue = [...parallel.workers];
  const width = Math.max(1, Math.min(parallel.parallelism, queue.length));
  ctx.log(`${parent.prefix}⇉ ${step.name}: ${queue.length} worker(s), ${width} at a time`);
  for (const w of queue) ctx.log(`${parent.prefix}  ${step.name} #${w.index + 1}: ${w.name}`);
  const lane = async (): Promise<void> => {
    for (let worker = queue.shift(); worker; worker = queue.shift()) {
      siblings.barrier?.join();
      const result = await runWorker(
        site,
        step,
        parent,
        worker,
        AbortSignal.any([parent.signal, failFast.signal]),
        siblings,
      ).finally(() => siblings.barrier?.leave());
      results.push(result);
      if (parallel.failFast && isFailingStatus(result.status) && !failFast.signal.aborted) {
        failFast.abort(
          new Stopped({
            status: 'cancelled',
            reason: 'FailFast',
            message: `cancelled: worker '${worker.name}' failed and failFast is set`,
          }),
        );
      }
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  if (parent.signal.aborted) throw new Stopped(stopReason(parent.signal));
  return results.sort((a, b) => a.index - b.index);
}

const WORKER_KINDS = [
  { apiVersion: 'v1', kind: 'Pod' },
  { apiVersion: 'v1', kind: 'ConfigMap' },
];

async function runWorker(
  site: PodSite,
  step: StepPlan,
  parent: PodJob,
  worker: WorkerPlan,
  signal: AbortSignal,
  siblings: Siblings,
): Promise<WorkerResult> {
  const { ctx } = site;
  const name = workerPodName(site.nameId ?? ctx.runId, step.id, worker.index);
  const folder = [parent.folder, step.id, String(worker.index + 1)].filter(Boolean).join('/');
  const prefix = `${parent.prefix}[${step.name} #${worker.index + 1}] `;
  const labels = { ...site.plan.labels, [SCOPE]: name };
  const close = ctx.group(`${parent.prefix}${step.name} #${worker.index + 1}: ${worker.name}`);
  try {
    return await workerIn(site, step, parent, worker, signal, {
      name,
      folder,
      prefix,
      labels,
      siblings,
    });
  } finally {
    close();
  }
}

interface WorkerSite {
  name: string;
  folder: string;
  prefix: string;
  labels: Record<string, string>;
  siblings: Siblings;
}

/** The worker itself, from its services to its status line. */
async function workerIn(
  site: PodSite,
  step: StepPlan,
  parent: PodJob,
  worker: WorkerPlan,
  signal: AbortSignal,
  { name, folder, prefix, labels, siblings }: WorkerSite,
): Promise<WorkerResult> {
  const { ctx } = site;
  const instance = {
    index: worker.index,
    count: worker.count,
    matrix: worker.matrix,
    shard: worker.shard,
  };
  const started = ctx.clock.now();
  let vars: Vars = { ...parent.vars, ...instance };
  let record: PodRecord | undefined;
  let services: StartedServices | undefined;
  let status: StepStatus;
  try {
    if (signal.aborted) throw new Stopped(stopReason(signal));
    services = await startServices(ctx, [...worker.services, ...stepServices(worker.steps)], {
      dns: false,
      vars,
      labels,
      activeDeadlineSeconds: site.activeDeadlineSeconds,
      toolboxImage: site.toolboxImage,
      prefix,
      logDir: ['logs', folder, 'services'].join('/'),
      watcher: site.pods,
      signal,
      ...(site.nameId && { nameId: site.nameId }),
    });
    const parentServices = (parent.vars.services as Vars | undefined) ?? {};
    vars = { ...vars, services: { ...parentServices, ...services.vars } };
    record = newRecord(worker.steps, vars);
    const job: PodJob = {
      name,
      role: 'worker',
      steps: worker.steps,
      content: worker.content,
      contentPath: `${step.path}.parallel.content`,
      vars,
      labels,
      prefix,
      folder,
      hostAliases: services.hostAliases,
      signal,
      files: workerFiles(ctx, { step, worker, vars, ...siblings, prefix }),
      services,
      ...(siblings.barrier && {
        hold: () => {
          ctx.log(`${prefix}⏸ paused until the other workers are ready`);
          return siblings.barrier!.arrive(signal);
        },
      }),
    };
    await runPod(site, job, record);
    status = record.machine.passed ? 'passed' : 'failed';
  } catch (error) {
    record ??= newRecord(worker.steps, vars);
    const interrupt = error instanceof Stopped ? error.interrupt : undefined;
    if (!record.machine.done) {
      record.machine.abort(interrupt?.status ?? 'error', ctx.clock.now(), {
        reason:
          interrupt?.reason ??
          (error instanceof RunError && error.reason ? error.reason : 'EngineError'),
        message: errorMessage(error),
      });
    }
    // A stop of the whole run is the run's business; a worker's own failure stays the worker's.
    status = ctx.signal.aborted ? stopReason(ctx.signal).status : (interrupt?.status ?? 'error');
    if (!interrupt) ctx.log(`${prefix}✖ ${errorMessage(error)}`);
  } finally {
    await services?.stop(record?.machine.passed ?? false);
    await ctx.kube
      .deleteCollection(ctx.namespace, WORKER_KINDS, `${RUN_ID}=${ctx.runId},${SCOPE}=${name}`)
      .catch((error: unknown) =>
        ctx.log(`${prefix}⚠ could not remove the worker's pods: ${errorMessage(error)}`),
      );
  }
  const durationMs = ctx.clock.now() - started;
  ctx.log(`${prefix}${statusMark(status)} worker ${status} in ${seconds(durationMs)}`);
  return {
    ...workerResult(
      worker,
      status,
      durationMs,
      services?.results ?? [],
      stepResults(worker.steps, record!, ctx.origin),
    ),
    startMs: Math.max(0, started - ctx.origin),
  };
}
