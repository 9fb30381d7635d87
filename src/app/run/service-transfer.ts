// services.NAME.transfer: an instance with files to receive is created with an init container
// that waits at a gate (service-objects.ts), so it has an address for `{{ services… }}` before
// the pod that starts it exists. Once that pod's first container is at its gate, the files
// are copied from there into the init container, its gate opens, the service starts, and the
// steps wait for its readiness as for any service.
import { containerView, podIp } from '../../core/engine/pod-status.js';
import { SERVICE_TRANSFER_CONTAINER } from '../../core/engine/service-objects.js';
import { gateCommand } from '../../core/engine/wrapper.js';
import { execWithRetry } from './exec-retry.js';
import { RunError, type RunContext } from './run-context.js';
import {
  DEFAULT_SERVICE_TIMEOUT_MS,
  failOnPodProblem,
  type Running,
  type ServiceSite,
} from './services.js';
import { moveFiles, SourceCache, type PodSide } from './transfer-files.js';

export async function releaseHeld(
  ctx: RunContext,
  held: Running[],
  source: PodSide,
  waitReady: (r: Running, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  if (held.length === 0) return;
  const cache = new SourceCache();
  for (const r of held) {
    const target: PodSide = {
      pod: r.pod,
      container: SERVICE_TRANSFER_CONTAINER,
      label: `service ${r.result.instance}`,
    };
    for (const t of r.transfers ?? []) {
      const count = await moveFiles(ctx, source, target, t, cache);
      ctx.log(`⇣ service ${r.result.instance}: ${count} file(s): ${t.from} → ${t.to}`);
    }
    const opened = await execWithRetry(
      ctx,
      r.pod,
      SERVICE_TRANSFER_CONTAINER,
      gateCommand(SERVICE_TRANSFER_CONTAINER, 'run'),
    );
    if (opened.exitCode !== 0) {
      throw new RunError(
        `could not start service ${r.result.instance} after its transfer: ${opened.stderr.trim() || `exit code ${opened.exitCode}`}`,
        'GateFailed',
      );
    }
  }
  ctx.log(`⏳ waiting for ${held.map((r) => r.result.instance).join(', ')} after the transfer`);
  await Promise.all(held.map((r) => waitReady(r, ctx.signal)));
}

/** An instance held for its transfer: scheduled, with an IP, waiting in its init container. */
export async function waitHeld(r: Running, site: ServiceSite, signal: AbortSignal): Promise<void> {
  const label = `${site.prefix}${r.result.instance}`;
  await site.watcher.waitFor(
    r.pod,
    (state) => {
      const pod = state.object;
      if (state.deleted) throw new RunError(`service ${label}: its pod was deleted`, 'PodDeleted');
      if (!pod) return undefined;
      failOnPodProblem(r, pod, label);
      const ip = podIp(pod);
      if (!ip || containerView(pod, SERVICE_TRANSFER_CONTAINER)?.phase !== 'running')
        return undefined;
      r.result.ip = ip;
      return true;
    },
    {
      signal,
      timeoutMs: r.service.timeoutMs ?? DEFAULT_SERVICE_TIMEOUT_MS,
      what: `service ${label}`,
    },
  );
}
