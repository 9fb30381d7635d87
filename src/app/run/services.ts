// Starts services and waits until every instance is ready. An instance that cannot start
// (image missing, crash loop, unschedulable, OOM…) fails the run at once with that reason; one
// that is merely slow fails when its timeout passes, with the last thing Kubernetes said about
// it (a failing readiness probe, a pending image pull…).
import { evaluateCondition, type Vars } from '../../core/expr/index.js';
import { containerView, isPodReady, podIp, podProblem } from '../../core/engine/pod-status.js';
import {
  buildServiceDns,
  buildServiceInstance,
  SERVICE_CONTAINER,
} from '../../core/engine/service-objects.js';
import type { Transfer } from '../../core/engine/transfer.js';
import { releaseHeld, waitHeld } from './service-transfer.js';
import type { PodSide } from './transfer-files.js';
import type { ServicePlan } from '../../core/plan/model.js';
import type { KubeObject } from '../../ports/kube.js';
import type { ServiceResult } from '../../core/results/index.js';
import { seconds } from '../../core/engine/format.js';
import { createObject } from './create-object.js';
import { followLog, type FollowedLog } from './log-follow.js';
import type { ObjectWatcher } from './object-watcher.js';
import { WaitTimeout } from './object-watcher.js';
import { errorMessage, RunError, Stopped, type RunContext } from './run-context.js';

/** How long a service may take to become ready when it sets no timeout of its own. */
export const DEFAULT_SERVICE_TIMEOUT_MS = 5 * 60_000;

export interface ServiceAddress {
  name: string;
  index: number;
  ip: string;
  host: string;
}

export interface StartedServices {
  results: ServiceResult[];
  /** `services.NAME[i]` for expressions: ip, name, index. */
  vars: Record<string, ServiceAddress[]>;
  /** Service name → IP of instance 0, for pods that reach services without cluster DNS. */
  hostAliases: { ip: string; hostnames: string[] }[];
  /** Stops following the logs and saves those the service's `logs` expression keeps. */
  stop(runPassed: boolean): Promise<void>;
  /**
   * Places services.NAME.transfer files from `source` (the pod that started the services,
   * at its first gate) into the instances held for them, starts them and waits until ready.
   */
  release(source: PodSide): Promise<void>;
}

export interface ServiceSite {
  /** Headless Services for DNS (top level) or host aliases only (workers). */
  dns: boolean;
  vars: Vars;
  labels: Record<string, string>;
  activeDeadlineSeconds: number;
  toolboxImage: string;
  /** Console prefix before the instance name, e.g. the worker's name. */
  prefix: string;
  /** Log directory under the output, e.g. `logs/services`. */
  logDir: string;
  watcher: ObjectWatcher;
  /** Stops the wait (the run's signal, or a worker's). */
  signal: AbortSignal;
  /** Names the pods instead of the run id (a child run's own). */
  nameId?: string;
}

export interface Running {
  service: ServicePlan;
  result: ServiceResult;
  pod: string;
  log?: FollowedLog;
  /** Held in its init container until these files are placed. */
  transfers?: Transfer[];
}

/**
 * `results` receives each instance's result as soon as it is created, so that a failure
 * leaves the caller with the state of every instance.
 */
export async function startServices(
  ctx: RunContext,
  services: ServicePlan[],
  site: ServiceSite,
  results: ServiceResult[] = [],
): Promise<StartedServices> {
  const input = {
    namespace: ctx.namespace,
    runId: ctx.runId,
    ...(site.nameId && { nameId: site.nameId }),
    labels: site.labels,
    vars: site.vars,
    activeDeadlineSeconds: site.activeDeadlineSeconds,
    toolboxImage: site.toolboxImage,
  };
  const running: Running[] = [];
  const started: StartedServices = {
    results,
    vars: {},
    hostAliases: [],
    stop: (passed) => stopServices(ctx, running, site, passed),
    release: (source) =>
      releaseHeld(
        ctx,
        running.filter((r) => r.transfers),
        source,
        (r, signal) => waitReady(ctx, r, site, ctx.clock.now(), signal),
      ).catch(async (error: unknown) => {
        await stopServices(ctx, running, site, false).catch(() => undefined);
        throw error;
      }),
  };
  if (services.length === 0) return started;
  for (const service of services) {
    if (site.dns) await ctx.kube.create(buildServiceDns(service, input));
    for (const instance of service.instances) {
      const objects = buildServiceInstance(service, instance, input);
      if (objects.configMap) await ctx.kube.create(objects.configMap);
      await createObject(ctx, objects.pod);
      const result: ServiceResult = {
        name: service.name,
        instance: instance.name,
        index: instance.index,
        status: 'cancelled',
      };
      running.push({
        service,
        pod: objects.pod.metadata.name,
        result,
        ...(objects.transfers && { transfers: objects.transfers }),
      });
      results.push(result);
    }
  }
  const names = running.map((r) => r.result.instance).join(', ');
  const close = ctx.group(
    `${site.prefix}${running.length === 1 ? 'service' : 'services'} ${names}`,
  );
  ctx.log(`⏳ waiting for ${running.length === 1 ? 'service' : 'services'} ${names}`);
  const since = ctx.clock.now();
  // The first instance that fails makes waiting for the others pointless.
  const giveUp = new AbortController();
  const signal = AbortSignal.any([site.signal, giveUp.signal]);
  let first: unknown;
  await Promise.all(
    running.map((r) =>
      (r.transfers ? waitHeld(r, site, signal) : waitReady(ctx, r, site, since, signal)).catch(
        (error: unknown) => {
          if (!giveUp.signal.aborted) first = error;
          giveUp.abort(new Stopped({ status: 'cancelled', message: 'another service failed' }));
        },
      ),
    ),
  ).finally(close);
  if (first !== undefined) {
    // The run ends here; what the services said is the best clue to why.
    await stopServices(ctx, running, site, false).catch(() => undefined);
    throw first;
  }
  for (const r of running) {
    const list = (started.vars[r.service.name] ??= []);
    list.push({
      name: r.result.instance,
      index: r.result.index,
      ip: r.result.ip ?? '',
      host: r.result.instance,
    });
  }
  started.hostAliases = Object.entries(started.vars).flatMap(([name, list]) =>
    list.map((a, i) => ({ ip: a.ip, hostnames: i === 0 ? [name, a.name] : [a.name] })),
  );
  return started;
}

async function waitReady(
  ctx: RunContext,
  r: Running,
  site: ServiceSite,
  since: number,
  signal: AbortSignal,
): Promise<void> {
  const timeoutMs = r.service.timeoutMs ?? DEFAULT_SERVICE_TIMEOUT_MS;
  const label = `${site.prefix}${r.result.instance}`;
  r.result.startMs = Math.max(0, since - ctx.origin);
  try {
    await site.watcher.waitFor(
      r.pod,
      (state) => {
        const pod = state.object;
        if (state.deleted)
          throw new RunError(`service ${label}: its pod was deleted`, 'PodDeleted');
        if (!pod) return undefined;
        const view = containerView(pod, SERVICE_CONTAINER);
        if (!r.log && view && view.phase !== 'waiting')
          r.log = followLog(ctx, r.pod, SERVICE_CONTAINER, `[${label}]`);
        failOnPodProblem(r, pod, label);
        if (!isPodReady(pod)) return undefined;
        Object.assign(r.result, {
          status: 'ready',
          ip: podIp(pod),
          readyMs: ctx.clock.now() - since,
        });
        return true;
      },
      { signal, timeoutMs, what: `service ${label}` },
    );
    ctx.log(`✔ service ${label} ready (${r.result.ip}) in ${seconds(r.result.readyMs ?? 0)}`);
  } catch (error) {
    if (error instanceof WaitTimeout) {
      const why = await lastWords(ctx, r.pod);
      Object.assign(r.result, {
        status: 'timed_out',
        reason: 'NotReady',
        message: `not ready after ${seconds(timeoutMs)}${why ? `: ${why}` : ''}`,
      });
      throw new RunError(
        `service ${label} did not become ready within ${seconds(timeoutMs)}${why ? `: ${why}` : ''}`,
        'ServiceNotReady',
      );
    }
    if (error instanceof Stopped) r.result.status = 'cancelled';
    throw error;
  }
}

/** The most telling recent event of a pod (a failing probe, a scheduling problem). */
async function lastWords(ctx: RunContext, pod: string): Promise<string | undefined> {
  try {
    const events = await ctx.kube.events(ctx.namespace, pod);
    const warning = events.filter((e) => e.type === 'Warning').at(-1) ?? events.at(-1);
    return warning ? `${warning.reason}: ${warning.message.trim()}` : undefined;
  } catch {
    return undefined;
  }
}

async function stopServices(
  ctx: RunContext,
  running: Running[],
  site: ServiceSite,
  passed: boolean,
): Promise<void> {
  for (const r of running) {
    r.log?.stop();
    await r.log?.done;
    const expression = r.service.logs ?? 'always';
    let keep = true;
    try {
      keep = evaluateCondition(expression, {
        ...site.vars,
        always: true,
        never: false,
        passed,
        failed: !passed,
        success: passed,
        error: !passed,
      });
    } catch (error) {
      ctx.log(
        `⚠ service ${r.service.name}: logs '${expression}': ${errorMessage(error)}; keeping the logs`,
      );
    }
    const text = r.log?.text() ?? '';
    if (keep && text !== '') {
      const file = `${site.logDir}/${r.result.instance}.log`;
      await ctx.sink.write(file, text);
      r.result.logFile = file;
    }
  }
}

/** A service pod that cannot start (image, crash loop…) fails its instance with the reason. */
export function failOnPodProblem(r: Running, pod: KubeObject, label: string): void {
  const problem = podProblem(pod);
  if (!problem) return;
  Object.assign(r.result, { status: 'failed', reason: problem.reason, message: problem.message });
  throw new RunError(
    `service ${label} cannot start: ${problem.reason}: ${problem.message}`,
    problem.reason,
  );
}
