// One run of one plan: preflight → namespace → manifests → services → workflow pod (and its
// parallel workers) → results → cleanup. Cleanup always happens (unless --keep-namespace says
// otherwise), also after errors, timeouts and SIGINT/SIGTERM. Errors before anything was
// created are thrown (exit 2); everything after that ends up in the RunResult.
import { assembleRun, stepResults } from '../../core/engine/assemble.js';
import { seconds, statusMark } from '../../core/engine/format.js';
import { runSelector } from '../../core/engine/labels.js';
import { sensitiveValues } from '../../core/engine/log-lines.js';
import { Masker } from '../../core/secrets/masker.js';
import { DEFAULT_GIT_IMAGE } from '../../core/engine/git-content.js';
import { namespaceName, workflowPodName } from '../../core/engine/names.js';
import { unrunnableSteps } from '../../core/engine/pod-builder.js';
import type { Vars } from '../../core/expr/index.js';
import type { Plan } from '../../core/plan/model.js';
import type { RunResult, ServiceResult } from '../../core/results/index.js';
import type { KubeObject } from '../../ports/kube.js';
import { applyManifests, DEFAULT_MANIFEST_TIMEOUT_MS } from './manifests.js';
import {
  createRunNamespace,
  keeps,
  removeRun,
  type KeepNamespace,
  type NamespacePlan,
} from './namespace.js';
import { dryRunPods } from './dry-run.js';
import { ObjectWatcher } from './object-watcher.js';
import { readImageCommands } from './image-commands.js';
import { preflight } from './preflight.js';
import { bindRunRole } from './run-binding.js';
import {
  errorMessage,
  RunContext,
  RunError,
  Stopped,
  type Interrupt,
  type RunDeps,
} from './run-context.js';
import { newRecord, runPod, stepServices, type PodSite } from './run-pods.js';
import { startServices, type StartedServices } from './services.js';
import { writeResults } from './write-results.js';
import { maskedSink } from './masked-sink.js';

export const DEFAULT_TOOLBOX_IMAGE = 'docker.io/library/busybox:1.36';
/** Server-side backstop when neither the workflow nor --timeout bounds the run. */
const DEFAULT_DEADLINE_S = 6 * 3600;

export interface RunRequest {
  plan: Plan;
  runId: string;
  /** An existing namespace to use instead of a fresh one. */
  namespace?: string;
  manifests: KubeObject[];
  keepNamespace: KeepNamespace;
  /** Whole-run timeout. */
  timeoutMs?: number;
  manifestTimeoutMs?: number;
  toolboxImage?: string;
  /** Workspace files (a tar archive) unpacked into /data of every gated pod before its steps. */
  upload?: Buffer;
  /** Image with git for `content.git` clones. */
  gitImage?: string;
  /** CI job URL, annotated on the namespace and kept in the results' links. */
  runUrl?: string;
  /** Called once the namespace name is known and before anything is created (e.g. to save the run id). */
  onStart?: (info: { runId: string; namespace: string; startedAt: string }) => Promise<void> | void;
}

export interface RunRuntime extends RunDeps {
  /** Registers a SIGINT/SIGTERM handler; returns the unsubscribe function. */
  onInterrupt?(handler: (signal: string) => void): () => void;
}

/** Checks that need no cluster; each problem names the step. */
export function checkRunnable(plan: Plan): string[] {
  return unrunnableSteps(plan.steps);
}

export async function runPlan(runtime: RunRuntime, request: RunRequest): Promise<RunResult> {
  const { plan, runId } = request;
  const problems = checkRunnable(plan);
  if (problems.length > 0) throw new RunError(problems.join('\n'), 'Unrunnable');
  const ns: NamespacePlan = {
    name: request.namespace ?? namespaceName(plan.workflow, runId),
    fresh: !request.namespace,
  };
  const masker = runtime.masker ?? new Masker();
  masker.add(plan.sensitiveValues ?? sensitiveValues(plan.config, plan.sensitive));
  // Every file of the run (results, reports, logs, artifacts) is masked on its way out.
  const ctx = new RunContext(
    { ...runtime, sink: maskedSink(runtime.sink, masker) },
    runId,
    ns.name,
    masker,
  );
  const startedAt = ctx.clock.now();
  ctx.origin = startedAt;

  const scope = { namespace: ns.name, createNamespace: ns.fresh, manifests: request.manifests };
  const access = await preflight(ctx.kube, scope);
  const imageCommands = await readImageCommands({
    kube: ctx.kube,
    images: runtime.images,
    plan,
    manifests: request.manifests,
    namespace: ns.name,
    fresh: ns.fresh,
    vars: {
      config: plan.config,
      workflow: { name: plan.workflow },
      execution: { id: runId, name: `${plan.workflow}-${runId}`, number: 1 },
      namespace: ns.name,
    },
    log: (line) => ctx.log(line),
    signal: ctx.signal,
  });
  // Only now, with the cluster reachable and the run allowed, is the output folder touched.
  await ctx.sink.clear();
  await request.onStart?.({
    runId,
    namespace: ns.name,
    startedAt: new Date(startedAt).toISOString(),
  });

  const unsubscribe = runtime.onInterrupt?.((signal) =>
    ctx.stop({ status: 'cancelled', reason: signal, message: `cancelled by ${signal}` }),
  );
  // spec.job.activeDeadlineSeconds bounds the whole execution in Testkube; here it is also
  // the run's timeout when --timeout is not given, so the results say timed_out.
  const timeoutMs =
    request.timeoutMs ??
    (plan.activeDeadlineSeconds !== undefined ? plan.activeDeadlineSeconds * 1000 : undefined);
  const timeoutTimer = new AbortController();
  if (timeoutMs !== undefined) {
    void ctx.clock.sleep(timeoutMs, AbortSignal.any([timeoutTimer.signal, ctx.signal])).then(() => {
      if (!timeoutTimer.signal.aborted && !ctx.signal.aborted) {
        ctx.stop({
          status: 'timed_out',
          reason: 'Timeout',
          message: `the run did not end within its timeout (${seconds(timeoutMs)})`,
        });
      }
    });
  }
  // The server-side backstop outlives the engine's own timeout, which should always win.
  const deadline = timeoutMs !== undefined ? Math.ceil(timeoutMs / 1000) + 120 : DEFAULT_DEADLINE_S;
  const selector = runSelector(runId);
  const pods = new ObjectWatcher(ctx.kube, ctx.clock, 'v1', 'Pod', ns.name, selector, (m) =>
    ctx.log(`⚠ ${m}`),
  );
  const baseVars: Vars = {
    config: plan.config,
    workflow: { name: plan.workflow },
    // Testkube's execution variables, for one run started from CI: no group, no tags, no
    // webhooks; the running context says it came through Shakedown.
    execution: {
      id: runId,
      groupId: runId,
      name: `${plan.workflow}-${runId}`,
      number: 1,
      scheduledAt: new Date(ctx.clock.now()).toISOString(),
      disableWebhooks: true,
      tags: {},
      runningContext: { actor: {}, interface: { name: 'shakedown', type: 'cicd' } },
    },
    // The run is its own root resource; workers of Testkube's nested executions are not a thing here.
    resource: { id: runId, root: runId, fsPrefix: '' },
    namespace: ns.name,
    services: {},
  };
  let record = newRecord(plan.steps, baseVars);
  let services: StartedServices | undefined;
  const serviceResults: ServiceResult[] = [];
  let failure: Interrupt | undefined;
  ctx.log(`▶ ${plan.workflow}: run ${runId} in namespace ${ns.name}`);
  try {
    await createRunNamespace(ctx.kube, ns, runId, plan.workflow, request.runUrl);
    if (access.bindRunRole && access.identity.username)
      await bindRunRole(ctx, scope, access.identity.username, runId);
    await dryRunPods(ctx, plan, ns.name, request.toolboxImage ?? DEFAULT_TOOLBOX_IMAGE, baseVars);
    pods.start();
    await applyManifests(
      ctx,
      request.manifests,
      pods,
      selector,
      request.manifestTimeoutMs ?? DEFAULT_MANIFEST_TIMEOUT_MS,
    );
    const site: PodSite = {
      ctx,
      pods,
      plan,
      toolboxImage: request.toolboxImage ?? DEFAULT_TOOLBOX_IMAGE,
      gitImage: request.gitImage ?? DEFAULT_GIT_IMAGE,
      ...(request.upload && { upload: request.upload }),
      activeDeadlineSeconds: deadline,
      imageCommands,
    };
    services = await startServices(
      ctx,
      [...plan.services, ...stepServices(plan.steps)],
      {
        dns: true,
        vars: baseVars,
        labels: plan.labels,
        activeDeadlineSeconds: deadline,
        toolboxImage: site.toolboxImage,
        prefix: '',
        logDir: 'logs/services',
        watcher: pods,
        signal: ctx.signal,
      },
      serviceResults,
    );
    const vars: Vars = { ...baseVars, services: services.vars };
    record = newRecord(plan.steps, vars);
    await runPod(
      site,
      {
        name: workflowPodName(runId),
        role: 'workflow',
        steps: plan.steps,
        content: plan.content,
        contentPath: 'spec.content',
        vars,
        labels: plan.labels,
        prefix: '',
        folder: '',
        signal: ctx.signal,
        services,
      },
      record,
    );
  } catch (error) {
    failure =
      error instanceof Stopped
        ? error.interrupt
        : (ctx.interruption ?? {
            status: 'error',
            reason: reasonOf(error),
            message: errorMessage(error),
          });
    if (!record.machine.done)
      record.machine.abort(failure.status, ctx.clock.now(), {
        reason: failure.reason ?? 'Error',
        message: failure.message,
      });
    ctx.log(
      `${statusMark(failure.status === 'timed_out' ? 'timed_out' : 'error')} ${failure.message}`,
    );
  } finally {
    timeoutTimer.abort();
  }
  const passedSoFar = !failure && record.machine.passed;
  await services
    ?.stop(passedSoFar)
    .catch((error: unknown) => ctx.log(`⚠ saving service logs: ${errorMessage(error)}`));
  ctx.finish();
  await pods.stop();
  const result = assembleRun({
    runId,
    workflow: plan.workflow,
    namespace: ns.name,
    startedAt,
    endedAt: ctx.clock.now(),
    ...(failure && { interruption: failure }),
    services: serviceResults,
    steps: stepResults(plan.steps, record, startedAt),
    ...(request.runUrl && { links: { run: request.runUrl } }),
    ...(plan.tags && { tags: plan.tags }),
  });
  if (Object.keys(plan.config).length > 0)
    result.config = maskedConfig(plan, (text) => ctx.mask(text));
  const save = () =>
    writeResults(ctx.sink, result).catch((error: unknown) =>
      ctx.log(`⚠ writing results: ${errorMessage(error)}`),
    );
  // Saved before cleanup, which can hang or be killed; saved again with the cleanup's timing.
  await save();
  const cleanupStart = ctx.clock.now();
  if (await cleanup(ctx, ns, request, result.status === 'passed')) {
    result.cleanup = {
      startMs: Math.max(0, cleanupStart - startedAt),
      durationMs: ctx.clock.now() - cleanupStart,
    };
    await save();
  }
  unsubscribe?.();
  ctx.log(
    `${statusMark(result.status)} ${plan.workflow} ${result.status} in ${seconds(result.durationMs)}${result.tests.total > 0 ? ` — ${result.tests.passed}/${result.tests.total} tests passed` : ''}`,
  );
  return result;
}

async function cleanup(
  ctx: RunContext,
  ns: NamespacePlan,
  request: RunRequest,
  passed: boolean,
): Promise<boolean> {
  if (keeps(request.keepNamespace, passed)) {
    ctx.log(
      `ℹ keeping ${ns.fresh ? `namespace ${ns.name}` : `the run's objects in namespace ${ns.name}`} (--keep-namespace ${request.keepNamespace}); remove with: shakedown cleanup --run-id ${ctx.runId}${ns.fresh ? '' : ` --namespace ${ns.name}`}`,
    );
    return false;
  }
  if (ns.fresh && !ns.created) return false;
  const since = ctx.clock.now();
  try {
    await removeRun(ctx.kube, ns, ctx.runId, request.manifests);
    ctx.log(
      `🧹 removed ${ns.fresh ? `namespace ${ns.name}` : `the run's objects from ${ns.name}`} in ${seconds(ctx.clock.now() - since)}`,
    );
    return true;
  } catch (error) {
    ctx.log(
      `⚠ cleanup of ${ns.name} did not complete: ${errorMessage(error)}; run: shakedown cleanup --run-id ${ctx.runId}`,
    );
    return false;
  }
}

/** The plan's config as results.json keeps it: sensitive parameters and their values masked. */
function maskedConfig(
  plan: Plan,
  mask: (text: string) => string,
): Record<string, string | number | boolean> {
  return Object.fromEntries(
    Object.entries(plan.config).map(([name, value]) => [
      name,
      plan.sensitive.includes(name) ? '***' : typeof value === 'string' ? mask(value) : value,
    ]),
  );
}

function reasonOf(error: unknown): string {
  return error instanceof RunError && error.reason ? error.reason : 'Error';
}
