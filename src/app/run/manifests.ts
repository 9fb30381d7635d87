// --manifests: server-side apply into the run's namespace, then wait until every workload is
// available (Deployments, StatefulSets, DaemonSets), every Job complete and every Pod ready.
// Pods of the app that cannot start fail the wait at once with their reason.
import { ROLE } from '../../core/engine/labels.js';
import {
  describeObject,
  labelManifests,
  readiness,
  WAITED_KINDS,
} from '../../core/engine/manifests.js';
import { FATAL_WAITING_REASONS, podProblem } from '../../core/engine/pod-status.js';
import { seconds } from '../../core/engine/format.js';
import type { KubeObject } from '../../ports/kube.js';
import { ObjectWatcher, WaitTimeout, waitUntil } from './object-watcher.js';
import { RunError, type RunContext } from './run-context.js';

export const DEFAULT_MANIFEST_TIMEOUT_MS = 5 * 60_000;

export async function applyManifests(
  ctx: RunContext,
  manifests: KubeObject[],
  pods: ObjectWatcher,
  selector: string,
  timeoutMs: number,
): Promise<void> {
  if (manifests.length === 0) return;
  const objects = labelManifests(manifests, ctx.namespace, ctx.runId);
  ctx.log(
    `⇪ applying ${objects.length} manifest object(s): ${objects.map(describeObject).join(', ')}`,
  );
  await ctx.kube.apply(objects, ctx.namespace);
  const waited = objects.filter((o) => (WAITED_KINDS as readonly string[]).includes(o.kind));
  if (waited.length === 0) return;
  const watchers = new Map<string, ObjectWatcher>();
  for (const o of waited) {
    const key = `${o.apiVersion}|${o.kind}`;
    if (o.kind === 'Pod') watchers.set(key, pods);
    else if (!watchers.has(key)) {
      const w = new ObjectWatcher(
        ctx.kube,
        ctx.clock,
        o.apiVersion,
        o.kind,
        ctx.namespace,
        selector,
        (m) => ctx.log(`⚠ ${m}`),
      );
      w.start();
      watchers.set(key, w);
    }
  }
  const since = ctx.clock.now();
  const pending = (): string[] =>
    waited.flatMap((o) => {
      const current = watchers.get(`${o.apiVersion}|${o.kind}`)!.state(o.metadata.name).object;
      if (!current) return [`${describeObject(o)}: not seen yet`];
      const r = readiness(current);
      if (r.state === 'failed')
        throw new RunError(`${describeObject(o)} failed: ${r.reason}`, 'ManifestFailed');
      return r.state === 'ready' ? [] : [`${describeObject(o)}: ${r.reason}`];
    });
  try {
    await waitUntil(
      [...new Set([...watchers.values(), pods])],
      () => {
        // Pods of the app (not ours) that cannot start make waiting pointless.
        for (const pod of pods.all()) {
          if (pod.metadata.labels?.[ROLE]) continue;
          const problem = podProblem(pod);
          if (problem && fatalForApp(problem.reason)) {
            throw new RunError(
              `pod ${pod.metadata.name} of the manifests cannot start: ${problem.reason}: ${problem.message}`,
              problem.reason,
            );
          }
        }
        return pending().length === 0 ? true : undefined;
      },
      ctx.clock,
      { signal: ctx.signal, timeoutMs, what: 'manifests' },
    );
    ctx.log(`✔ manifests ready in ${seconds(ctx.clock.now() - since)}`);
  } catch (error) {
    if (error instanceof WaitTimeout) {
      const troubled = pods
        .all()
        .filter((p) => !p.metadata.labels?.[ROLE])
        .flatMap((p) => {
          const problem = podProblem(p);
          return problem && problem.reason !== 'Completed'
            ? [`pod ${p.metadata.name}: ${problem.reason}: ${problem.message}`]
            : [];
        });
      throw new RunError(
        `manifests not ready within ${seconds(timeoutMs)}: ${[...pending(), ...troubled].join('; ')}`,
        'ManifestsNotReady',
      );
    }
    throw error;
  } finally {
    for (const w of watchers.values()) if (w !== pods) await w.stop();
  }
}

/**
 * Problems an app's pod will not recover from by itself. A crash loop is not among them: apps
 * often restart until what they depend on is up. A failed pod may be retried by its Job.
 */
function fatalForApp(reason: string): boolean {
  if (reason === 'CrashLoopBackOff') return false;
  return FATAL_WAITING_REASONS.has(reason) || reason === 'Unschedulable';
}
